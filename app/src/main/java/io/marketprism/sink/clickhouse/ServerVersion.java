package io.marketprism.sink.clickhouse;

/**
 * A ClickHouse server version ({@code SELECT version()}: {@code 18.16.1}, {@code 24.3.2.23}). Only year-style major
 * and minor matter for which DDL clauses a server understands.
 */
public record ServerVersion(int major, int minor, String text) implements Comparable<ServerVersion> {
    public static ServerVersion parse(String text) {
        String t = text == null ? "" : text.trim();
        String[] parts = t.split("\\.");
        try {
            if (parts.length < 2) {
                throw new NumberFormatException(t);
            }
            return new ServerVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ClickHouse version '" + t + "' is not MAJOR.MINOR[.PATCH...]", e);
        }
    }

    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || major == wantMajor && minor >= wantMinor;
    }

    @Override
    public int compareTo(ServerVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return text;
    }
}
