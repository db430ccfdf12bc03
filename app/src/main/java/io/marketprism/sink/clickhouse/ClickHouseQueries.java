package io.marketprism.sink.clickhouse;

import io.marketprism.sink.schema.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading record tables back the de-duplicated way: every query uses {@code FINAL}, so a row retried or replayed
 * before ReplacingMergeTree merged its parts is seen once. For tests and the later query API.
 */
public final class ClickHouseQueries {
    private final ClickHouseHttp http;

    public ClickHouseQueries(ClickHouseHttp http) {
        this.http = http;
    }

    /** Rows of the table, one per event identity. */
    public long countFinal(Table table) throws IOException {
        return http.queryLong("SELECT count() FROM " + qualified(table) + " FINAL");
    }

    /** Rows without de-duplication (what is physically stored now; duplicates vanish when parts merge). */
    public long countRaw(Table table) throws IOException {
        return http.queryLong("SELECT count() FROM " + qualified(table));
    }

    /**
     * All rows of the table (with {@code FINAL}), ordered by the sorting key, as column name → ClickHouse's text value
     * (null for NULL). Decimals come as ClickHouse prints them, e.g. {@code 1.500000000000000000}; arrays as
     * {@code [1.5,2]}. {@code where} is an optional SQL condition (null for none).
     */
    public List<Map<String, String>> selectFinal(Table table, String where) throws IOException {
        String sql = "SELECT * FROM " + qualified(table) + " FINAL" + (where == null ? "" : " WHERE " + where)
                + " ORDER BY " + String.join(", ", table.orderBy()) + " FORMAT TabSeparatedWithNames";
        String text = http.query(sql);
        List<Map<String, String>> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        String[] names = lines[0].split("\t", -1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] cells = lines[i].split("\t", -1);
            if (cells.length != names.length) {
                throw new IOException("ClickHouse answered a row of " + cells.length + " cells for " + names.length
                        + " columns in " + qualified(table) + ": " + Arrays.toString(cells));
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < names.length; c++) {
                row.put(names[c], unescape(cells[c]));
            }
            out.add(row);
        }
        return out;
    }

    private String qualified(Table table) {
        return http.settings().database() + "." + table.name();
    }

    /** TabSeparated escaping: {@code \N} is NULL; backslash escapes for tab, newline, backslash and quotes. */
    static String unescape(String cell) {
        if (cell.equals("\\N")) {
            return null;
        }
        if (cell.indexOf('\\') < 0) {
            return cell;
        }
        StringBuilder sb = new StringBuilder(cell.length());
        for (int i = 0; i < cell.length(); i++) {
            char ch = cell.charAt(i);
            if (ch != '\\' || i + 1 == cell.length()) {
                sb.append(ch);
                continue;
            }
            char n = cell.charAt(++i);
            switch (n) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '0' -> sb.append('\0');
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }
}
