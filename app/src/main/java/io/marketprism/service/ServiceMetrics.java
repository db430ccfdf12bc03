package io.marketprism.service;

import io.marketprism.model.RecordType;
import io.marketprism.service.CollectorView.ConnectionInfo;
import io.marketprism.service.CollectorView.ProcessingTime;
import io.marketprism.service.CollectorView.SinkInfo;
import io.marketprism.service.CollectorView.StreamInfo;
import io.marketprism.service.CollectorView.Venue;
import io.marketprism.venue.FrameKind;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus metrics read from the {@link CollectorView} at scrape time: the collector already counts everything,
 * so nothing is counted twice. The original's names and labels are kept ({@code marketprism_messages_total},
 * {@code marketprism_errors_total}, {@code marketprism_processing_seconds}, {@code marketprism_connection_status});
 * book, trade continuity, connection, REST, sink and spool metrics are added. Book counters are summed per exchange
 * (per-symbol labels would grow without bound; the per-stream numbers are in {@code /api/v1/streams}).
 */
public final class ServiceMetrics implements MultiCollector {
    private final CollectorView view;

    public ServiceMetrics(CollectorView view) {
        this.view = view;
    }

    /** Accumulates data points of one metric by label set. */
    private static final class Points {
        final Map<Labels, Double> values = new LinkedHashMap<>();

        void add(double v, String... labels) {
            values.merge(Labels.of(labels), v, Double::sum);
        }

        CounterSnapshot counter(String name, String help) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
            values.forEach((l, v) -> b.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(v).build()));
            return b.build();
        }

        GaugeSnapshot gauge(String name, String help) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
            values.forEach((l, v) -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
            return b.build();
        }
    }

    @Override
    public MetricSnapshots collect() {
        List<Venue> venues = view.venues(0);
        Points messages = new Points();
        Points errors = new Points();
        Points frames = new Points();
        Points connection = new Points();
        Points connections = new Points();
        Points reconnects = new Points();
        Points books = new Points();
        Points booksSynced = new Points();
        Points gaps = new Points();
        Points resyncs = new Points();
        Points checksumFailures = new Points();
        Points overflows = new Points();
        Points backfilled = new Points();
        Points missing = new Points();
        Points restRequests = new Points();
        Points restWeight = new Points();
        Points restLimit = new Points();
        Points freshness = new Points();
        Instant now = view.clock().instant();
        long nowNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        for (Venue v : venues) {
            String ex = v.exchange().id();
            for (RecordType t : RecordType.values()) {
                messages.add(v.ingest().records(t), "exchange", ex, "data_type", t.id(), "status", "success");
            }
            // a malformed frame has no data type: the adapter could not tell what it was
            messages.add(v.ingest().malformed(), "exchange", ex, "data_type", "unknown", "status", "error");
            errors.add(v.ingest().malformed(), "exchange", ex, "error_type", "malformed_frame");
            errors.add(v.ingest().unknownMessages(), "exchange", ex, "error_type", "unknown_message");
            for (FrameKind k : FrameKind.values()) {
                frames.add(v.ingest().frames(k), "exchange", ex, "kind", k.name().toLowerCase());
            }
            connection.add(v.connected() > 0 ? 1 : 0, "exchange", ex);
            for (ConnectionInfo c : v.connections()) {
                connections.add(1, "exchange", ex, "state", c.state().name().toLowerCase());
                reconnects.add(c.reconnects(), "exchange", ex, "connection", Integer.toString(c.id()));
            }
            long booksTotal = 0;
            long synced = 0;
            for (StreamInfo s : v.streams()) {
                backfilled.add(s.tradesBackfilled(), "exchange", ex);
                missing.add(s.tradesMissing(), "exchange", ex);
                if (s.book() != null) {
                    booksTotal++;
                    synced += s.book().synced() ? 1 : 0;
                    gaps.add(s.book().gaps(), "exchange", ex);
                    resyncs.add(s.book().resyncs(), "exchange", ex);
                    checksumFailures.add(s.book().checksumFailed(), "exchange", ex);
                    overflows.add(s.book().bufferOverflows(), "exchange", ex);
                }
            }
            books.add(booksTotal, "exchange", ex);
            booksSynced.add(synced, "exchange", ex);
            gaps.add(0, "exchange", ex);
            resyncs.add(0, "exchange", ex);
            checksumFailures.add(0, "exchange", ex);
            overflows.add(0, "exchange", ex);
            backfilled.add(0, "exchange", ex);
            missing.add(0, "exchange", ex);
            errors.add(v.ingest().resyncRequests(), "exchange", ex, "error_type", "book_resync_request");
            restRequests.add(v.rest().requests(), "exchange", ex);
            restWeight.add(v.rest().weightUsed(), "exchange", ex);
            restLimit.add(v.rest().weightLimit(), "exchange", ex);
            v.lastReceiveNsByDataType().forEach((t, ns) -> freshness.add((nowNs - ns) / 1e9, "exchange", ex,
                    "data_type", t));
        }
        Points queue = new Points();
        Points queueCapacity = new Points();
        Points spoolBytes = new Points();
        Points spoolRecords = new Points();
        Points lag = new Points();
        Points sinkRecords = new Points();
        Points sinkFailures = new Points();
        Points sinkUp = new Points();
        for (SinkInfo s : view.sinks()) {
            queue.add(s.queueDepth(), "sink", s.name());
            queueCapacity.add(s.queueCapacity(), "sink", s.name());
            spoolBytes.add(s.spoolBytes(), "sink", s.name());
            spoolRecords.add(s.spoolRecords(), "sink", s.name());
            lag.add(s.lagRecords(), "sink", s.name());
            sinkRecords.add(s.recordsIn(), "sink", s.name(), "direction", "in");
            sinkRecords.add(s.recordsOut(), "sink", s.name(), "direction", "out");
            sinkFailures.add(s.failures(), "sink", s.name());
            sinkUp.add("up".equals(s.state()) ? 1 : 0, "sink", s.name());
        }
        HistogramSnapshot.Builder processing = HistogramSnapshot.builder().name("marketprism_processing_seconds")
                .help("Time to process one frame (adapter and books), by the data type it produced")
                .unit(Unit.SECONDS);
        for (ProcessingTime p : view.processingTimes()) {
            processing.dataPoint(HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(p.upperBounds(), p.counts()))
                    .sum(p.sumSeconds())
                    .labels(Labels.of("exchange", p.exchange().id(), "data_type", p.dataType())).build());
        }
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
        out.add(messages.counter("marketprism_messages", "Records produced (status=success) and frames that "
                + "could not be parsed (status=error)"));
        out.add(errors.counter("marketprism_errors", "Errors by type"));
        out.add(processing.build());
        out.add(connection.gauge("marketprism_connection_status", "1 when at least one connection of the "
                + "exchange is connected"));
        out.add(frames.counter("marketprism_frames", "Frames by kind"));
        out.add(connections.gauge("marketprism_connections", "Connections by state"));
        out.add(reconnects.counter("marketprism_reconnects", "Reconnects per connection"));
        out.add(books.gauge("marketprism_books", "Local order books"));
        out.add(booksSynced.gauge("marketprism_books_synced", "Local order books in sync"));
        out.add(gaps.counter("marketprism_book_gaps", "Sequence gaps detected in order books"));
        out.add(resyncs.counter("marketprism_book_resyncs", "Order books brought back in sync after a loss"));
        out.add(checksumFailures.counter("marketprism_book_checksum_failures", "Order book checksum mismatches"));
        out.add(overflows.counter("marketprism_book_buffer_overflows",
                "Buffered book deltas dropped because the buffer was full"));
        out.add(backfilled.counter("marketprism_trades_backfilled", "Trades fetched over REST to fill a gap"));
        out.add(missing.counter("marketprism_trades_missing", "Trades missing after backfill"));
        out.add(restRequests.counter("marketprism_rest_requests", "REST requests sent"));
        out.add(restWeight.gauge("marketprism_rest_weight_used", "REST request weight used in the venue's window"));
        out.add(restLimit.gauge("marketprism_rest_weight_limit", "REST request weight limit of the venue's window"));
        out.add(freshness.gauge("marketprism_data_age_seconds", "Age of the newest record by exchange and type"));
        out.add(queue.gauge("marketprism_queue_depth", "Records waiting in the sink queue"));
        out.add(queueCapacity.gauge("marketprism_queue_capacity", "Sink queue bound"));
        out.add(spoolBytes.gauge("marketprism_spool_bytes", "Bytes in the local spool of a sink"));
        out.add(spoolRecords.gauge("marketprism_spool_records", "Records in the local spool of a sink"));
        out.add(lag.gauge("marketprism_sink_lag_records", "Records accepted but not yet durable at the sink"));
        out.add(sinkRecords.counter("marketprism_sink_records", "Records into and out of (durable) a sink"));
        out.add(sinkFailures.counter("marketprism_sink_failures", "Failed sink writes"));
        out.add(sinkUp.gauge("marketprism_sink_up", "1 when the sink is up"));
        GaugeSnapshot uptime = GaugeSnapshot.builder().name("marketprism_uptime_seconds").help("Service uptime")
                .dataPoint(GaugeDataPointSnapshot.builder()
                        .value(java.time.Duration.between(view.startTime(), now).toMillis() / 1000.0).build())
                .build();
        out.add(uptime);
        return new MetricSnapshots(out);
    }
}
