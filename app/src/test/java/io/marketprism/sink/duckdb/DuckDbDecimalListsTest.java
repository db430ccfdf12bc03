package io.marketprism.sink.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.MarketType;
import io.marketprism.model.SizeUnit;
import io.marketprism.sink.schema.Tables;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.statistics.Statistics;

/**
 * Book level prices and sizes (decimal lists) round-trip through {@link DuckDbSink} exactly: each stored element is
 * {@link Tables#stored} of the record's element, in order (they travel as 128-bit Arrow decimals); empty lists stay
 * empty lists. One sink per property, written to by every try (each try's records are new events).
 */
class DuckDbDecimalListsTest {
    private static final BigDecimal LIMIT = new BigDecimal("1e20");
    private static final BigInteger MAX_UNSCALED = BigInteger.TEN.pow(Tables.DECIMAL_PRECISION)
            .subtract(BigInteger.ONE);
    private static final long T0 = 1_700_000_000_000_000L;

    private Path dir;
    private DuckDbSink sink;
    /** The exchange time and sequence of the next record: every record its own event. */
    private long next = T0;

    @BeforeProperty
    void open() throws IOException {
        dir = Files.createTempDirectory("duckdb-lists");
        sink = DuckDbSink.open(dir.resolve("mp.duckdb"));
    }

    @AfterProperty
    void close() throws IOException {
        sink.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Mostly venue-like values (at most 18 digits, scales 0..18 mixed within a list, negatives, zeros), sometimes
     * anything that fits Decimal(38,18) once rounded: up to 38 digits, 20 integer digits, scales -3..24 (more than
     * 18 fractional digits round half-even).
     */
    @Provide
    Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigDecimal> venue = Combinators.combine(
                Arbitraries.longs().between(-999_999_999_999_999_999L, 999_999_999_999_999_999L),
                Arbitraries.integers().between(0, Tables.DECIMAL_SCALE)).as(BigDecimal::valueOf);
        Arbitrary<BigDecimal> wide = Combinators.combine(
                Arbitraries.bigIntegers().between(MAX_UNSCALED.negate(), MAX_UNSCALED),
                Arbitraries.integers().between(-3, 24)).as(BigDecimal::new)
                .filter(v -> Tables.stored(v).abs().compareTo(LIMIT) < 0);
        return Arbitraries.frequencyOf(Tuple.of(8, venue), Tuple.of(1, wide));
    }

    @Provide
    Arbitrary<Tuple2<List<BookLevel>, List<BookLevel>>> sides() {
        Arbitrary<List<BookLevel>> levels = Combinators.combine(decimals(), decimals()).as(BookLevel::new).list()
                .ofMaxSize(12);
        return Combinators.combine(levels, levels).as(Tuple::of);
    }

    /**
     * Written twice: the second write (the de-duplicating insert) adds nothing. The coverage check makes sure the
     * generated lists hold venue-like values, values of more than 18 digits or outside scales 0..18, and empty lists.
     */
    @Property(tries = 200)
    void storedListsAreTablesStoredOfEachElementInOrder(
            @ForAll @Size(min = 1, max = 20) List<@From("sides") Tuple2<List<BookLevel>,
                    List<BookLevel>>> books) throws Exception {
        List<MarketRecord> deltas = new ArrayList<>();
        for (Tuple2<List<BookLevel>, List<BookLevel>> b : books) {
            deltas.add(delta(b.get1(), b.get2()));
            for (List<BookLevel> side : List.of(b.get1(), b.get2())) {
                Statistics.label("form").collect(form(side.stream().map(BookLevel::price).toList()));
                Statistics.label("form").collect(form(side.stream().map(BookLevel::size).toList()));
            }
        }
        Statistics.label("form").coverage(c -> {
            c.check("venue-like").percentage(p -> p > 20);
            c.check("wide").percentage(p -> p > 5);
            c.check("empty").percentage(p -> p > 2);
        });
        sink.write(deltas);
        sink.write(deltas);
        assertStored("book_deltas", deltas);
    }

    /**
     * One row per unusual list (scale below 0 or above 18 with half-even rounding, more than 18 digits, the 38-digit
     * extremes, values beside 2^63 at scale 18) and boundary lists, in both tables with decimal lists.
     */
    @Example
    void listsThatDoNotFitALongAtOneScaleAreStoredExactlyToo() throws Exception {
        List<List<BigDecimal>> lists = fallbackAndBoundaryLists();
        List<MarketRecord> deltas = new ArrayList<>();
        List<MarketRecord> snapshots = new ArrayList<>();
        List<BigDecimal> venue = List.of(new BigDecimal("37000.1"), new BigDecimal("0.00100"));
        for (List<BigDecimal> list : lists) {
            // the list as bid prices and as ask sizes: the other columns of the row take the common form
            deltas.add(delta(levels(list, venue), levels(venue, list)));
            snapshots.add(snapshot(levels(list, venue), List.of()));
        }
        deltas.add(delta(List.of(), List.of()));
        sink.write(deltas);
        sink.write(snapshots);
        assertStored("book_deltas", deltas);
        assertStored("book_snapshots", snapshots);
    }

    /** A deep book (thousands of values in one row) between shallow ones, in one batch. */
    @Example
    void deepBooksRoundTripToo() throws Exception {
        List<BookLevel> bids = new ArrayList<>();
        List<BookLevel> asks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            bids.add(new BookLevel(BigDecimal.valueOf(4_200_000 - i, 2), BigDecimal.valueOf(i * 7L, i % 19)));
            if (i < 700) {
                asks.add(new BookLevel(BigDecimal.valueOf(4_200_001 + i, 2), BigDecimal.valueOf(-i, 3)));
            }
        }
        List<BookLevel> top = List.of(new BookLevel(new BigDecimal("42000.01"), new BigDecimal("0.5")));
        List<MarketRecord> snapshots = List.of(snapshot(top, top), snapshot(bids, asks), snapshot(top, List.of()));
        sink.write(snapshots);
        assertStored("book_snapshots", snapshots);
    }

    /** What the property's generated list holds: only venue-like values (at most 18 digits, scales 0..18). */
    private static String form(List<BigDecimal> list) {
        if (list.isEmpty()) {
            return "empty";
        }
        boolean venue = list.stream().allMatch(v -> v.scale() >= 0 && v.scale() <= Tables.DECIMAL_SCALE
                && v.precision() <= 18);
        return venue ? "venue-like" : "wide";
    }

    /** Unusual lists, one per reason, then boundary ones. */
    static List<List<BigDecimal>> fallbackAndBoundaryLists() {
        return List.of(
                decimals("1E+3", "2.5"),                                           // scale below 0
                decimals("0.1234567890123456785", "7"),                            // scale 19: half-even, down
                decimals("2.0000000000000000015", "-2.0000000000000000025"),       // half-even, up and down
                decimals("1234567890123456789", "1"),                              // 19 digits at scale 0
                decimals("-99999999999999999999.999999999999999999"),              // 38 digits
                decimals("100000000000000000", "0.000000000000000001"),            // 10^35 at scale 18
                decimals("10", "-0.000000000000000001"),                           // 10^19 at scale 18
                decimals("9.2233720368547759", "0.000000000000000001"),            // 2^63 + 93 at scale 18
                decimals("9", "-0.000000000000000001", "0"),                       // 9 * 10^18: fits
                decimals("-0.999999999999999999", "9.2233720368547758", "-9.2233720368547758", "0.00"), // ±(2^63 - 8)
                List.of());
    }

    private static List<BigDecimal> decimals(String... values) {
        return Stream.of(values).map(BigDecimal::new).toList();
    }

    /** Levels pairing the prices with the sizes (the shorter list repeated); none when either is empty. */
    private static List<BookLevel> levels(List<BigDecimal> prices, List<BigDecimal> sizes) {
        List<BookLevel> out = new ArrayList<>();
        if (prices.isEmpty() || sizes.isEmpty()) {
            return out;
        }
        for (int i = 0; i < Math.max(prices.size(), sizes.size()); i++) {
            out.add(new BookLevel(prices.get(i % prices.size()), sizes.get(i % sizes.size())));
        }
        return out;
    }

    private BookDelta delta(List<BookLevel> bids, List<BookLevel> asks) {
        long n = next++;
        return new BookDelta(Exchange.BINANCE, MarketType.SPOT, "BTC-USDT", "BTCUSDT", bids, asks, SizeUnit.BASE,
                n, n, n - 1, null, n, n * 1000);
    }

    private BookSnapshot snapshot(List<BookLevel> bids, List<BookLevel> asks) {
        long n = next++;
        return new BookSnapshot(Exchange.OKX, MarketType.SPOT, "BTC-USDT", "BTC-USDT", bids, asks, SizeUnit.BASE, n,
                null, n, n * 1000);
    }

    /** The stored rows of the records' exchange times, one per record, each list as Tables.stored of its elements. */
    private void assertStored(String table, List<MarketRecord> records) throws SQLException {
        long lo = records.get(0).exchangeTs();
        long hi = records.get(records.size() - 1).exchangeTs();
        try (Statement s = sink.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT exchange_ts, CAST(bid_prices AS VARCHAR), "
                     + "CAST(bid_sizes AS VARCHAR), CAST(ask_prices AS VARCHAR), CAST(ask_sizes AS VARCHAR) FROM "
                     + table + " WHERE exchange_ts BETWEEN " + lo + " AND " + hi + " ORDER BY exchange_ts")) {
            for (MarketRecord r : records) {
                assertThat(rs.next()).as("row of %s", r).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(r.exchangeTs());
                List<BookLevel> bids = r instanceof BookDelta d ? d.bids() : ((BookSnapshot) r).bids();
                List<BookLevel> asks = r instanceof BookDelta d ? d.asks() : ((BookSnapshot) r).asks();
                assertThat(rs.getString(2)).as("bid_prices of %s", r).isEqualTo(text(bids, true));
                assertThat(rs.getString(3)).as("bid_sizes of %s", r).isEqualTo(text(bids, false));
                assertThat(rs.getString(4)).as("ask_prices of %s", r).isEqualTo(text(asks, true));
                assertThat(rs.getString(5)).as("ask_sizes of %s", r).isEqualTo(text(asks, false));
            }
            assertThat(rs.next()).as("one row per record").isFalse();
        }
    }

    /** DuckDB's text of a Decimal(38,18) list: "[a, b]" with 18 fractional digits each, "[]" when empty. */
    private static String text(List<BookLevel> levels, boolean prices) {
        List<String> parts = new ArrayList<>();
        for (BookLevel l : levels) {
            parts.add(Tables.stored(prices ? l.price() : l.size()).toPlainString());
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
