package io.marketprism.service;

import io.marketprism.model.BookLevel;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketType;
import io.marketprism.model.RecordType;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the operator's service reads from the collector, as consistent snapshots. The service never touches
 * the ingest objects directly: implementations copy what they expose under the ingest thread's lock, so the HTTP
 * threads never see a half-applied book. Lists of connections, sinks and continuity counters may be empty (a
 * replay has no connections; sinks come from the pipeline).
 */
public interface CollectorView {
    /** The clock every age, uptime and freshness is measured with. */
    Clock clock();

    Instant startTime();

    /** Deployment environment name (e.g. {@code production}); never a secret. */
    String environment();

    /** False until the collector has at least one venue wired; the collector endpoints answer 503 until then. */
    boolean initialized();

    /** One snapshot per venue, ordered by exchange id; books carry at most {@code bookLevels} levels per side. */
    List<Venue> venues(int bookLevels);

    List<SinkInfo> sinks();

    /** The local book of a stream by native or unified symbol, at most {@code depth} levels per side. */
    Optional<StreamInfo> stream(Exchange exchange, String symbol, int depth);

    /** The newest trades first; null exchange or symbol means all. */
    List<Trade> recentTrades(Exchange exchange, String symbol, int limit);

    /** The latest ticker of every stream that sent one; null exchange means all. */
    List<Ticker> latestTickers(Exchange exchange);

    /** Frame processing time histograms per exchange and data type. */
    List<ProcessingTime> processingTimes();

    /** One venue: its ingest counters (summed over its frame processors), connections, streams and REST budget. */
    record Venue(Exchange exchange, IngestTotals ingest, List<ConnectionInfo> connections,
                 List<StreamInfo> streams, RestUsage rest, Map<String, Long> lastReceiveNsByDataType) {
        public long connected() {
            return connections.stream().filter(c -> c.state() == ConnectionState.CONNECTED).count();
        }

        public long reconnects() {
            return connections.stream().mapToLong(ConnectionInfo::reconnects).sum();
        }
    }

    enum ConnectionState { CONNECTING, CONNECTED, BACKOFF, DISCONNECTED, CLOSED }

    /**
     * One venue connection as the session layer knows it. {@code url} must not carry credentials; the service
     * redacts user info and credential-like query parameters anyway.
     */
    record ConnectionInfo(int id, String url, ConnectionState state, Instant since, long reconnects, long frames,
                          Instant lastFrame) {
    }

    /** One instrument stream: records by type, clocks, book state and trade continuity. */
    record StreamInfo(Exchange exchange, String nativeSymbol, String symbol, MarketType marketType,
                      Map<RecordType, Long> records, long lastExchangeTs, long lastReceiveTs, BookInfo book,
                      long tradesBackfilled, long tradesMissing) {
    }

    /** A local book and its synchronizer's counters; {@code bids}/{@code asks} hold the requested top levels. */
    record BookInfo(boolean synced, Long sequence, int bidDepth, int askDepth, List<BookLevel> bids,
                    List<BookLevel> asks, long updatesApplied, long snapshotsApplied, long gaps, long resyncs,
                    long checksumOk, long checksumFailed, long crossed, long stale, long bufferOverflows,
                    int buffered, String lastLossReason) {
    }

    /** One sink of the pipeline. {@code state} e.g. {@code up}, {@code spooling}, {@code down}. */
    record SinkInfo(String name, String state, long queueDepth, long queueCapacity, long recordsIn,
                    long recordsOut, long failures, long spoolBytes, long spoolRecords, Instant lastWrite) {
        /** Records accepted but not yet durable at the destination. */
        public long lagRecords() {
            return Math.max(0, recordsIn - recordsOut);
        }
    }

    /** REST budget of a venue (request weight per the venue's window). */
    record RestUsage(long requests, long weightUsed, long weightLimit) {
        public static final RestUsage NONE = new RestUsage(0, 0, 0);
    }

    /** Trade continuity of one stream: trades fetched over REST to fill a gap, and ones that could not be. */
    record Continuity(Exchange exchange, String nativeSymbol, long backfilled, long missing) {
    }

    /** A classic histogram: non-cumulative counts per upper bound (last bound +Inf). */
    record ProcessingTime(Exchange exchange, String dataType, double[] upperBounds, long[] counts,
                          double sumSeconds) {
        public long count() {
            long n = 0;
            for (long c : counts) {
                n += c;
            }
            return n;
        }
    }
}
