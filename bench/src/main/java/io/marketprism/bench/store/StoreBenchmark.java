package io.marketprism.bench.store;

import io.marketprism.model.EventIds;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.RecordJson;
import io.marketprism.model.RecordType;
import io.marketprism.pipeline.Pipeline;
import io.marketprism.pipeline.PipelineSettings;
import io.marketprism.pipeline.SinkStats;
import io.marketprism.sink.SinkUri;
import io.marketprism.sink.clickhouse.ClickHouseSettings;
import io.marketprism.sink.clickhouse.ClickHouseSink;
import io.marketprism.sink.clickhouse.RowBinaryWriter;
import io.marketprism.sink.duckdb.DuckDbSink;
import io.marketprism.sink.nats.JetStreamSetup;
import io.marketprism.sink.nats.LatencySamples;
import io.marketprism.sink.nats.NatsConnections;
import io.marketprism.sink.nats.NatsSettings;
import io.marketprism.sink.nats.NatsSink;
import io.marketprism.sink.nats.Subjects;
import io.marketprism.sink.schema.Table;
import io.marketprism.sink.schema.Tables;
import io.marketprism.store.StoreRunner;
import io.marketprism.store.StoreSettings;
import io.nats.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end throughput of the storage and bus path, as a plain {@code main} (one shot per scenario: the work is a
 * fixed number of records through real servers, which JMH's repeated iterations do not fit). Records are generated
 * before the clock starts ({@link SyntheticRecords}); each scenario's time runs from the first
 * {@link Pipeline#accept} (or the store's start) until the last record is durable (pipeline closed, or the store
 * wrote and acknowledged the last one), and every scenario then counts the rows in the store: a run that lost or
 * doubled a record fails instead of printing a figure.
 *
 * <ol>
 *   <li>{@code duckdb}: records → {@link Pipeline} (set up as {@code replay} does) → {@link DuckDbSink} on a temporary
 *       file.</li>
 *   <li>{@code duckdbEngine}: DuckDB alone, rows made by SQL in the sink's tables: the ceiling for {@code duckdb}.</li>
 *   <li>{@code nats}: records → {@link Pipeline} → {@link NatsSink} (JetStream, default stream, file storage), on a
 *       local {@code nats-server}; publish-to-ack latency from {@link NatsSink#latency()}.</li>
 *   <li>{@code store}: {@link StoreRunner} draining that full stream into {@link ClickHouseSink} on a local
 *       {@code clickhouse-server}, once with the default store batch (1000) and once with 10,000.</li>
 *   <li>{@code chain}: publisher and store at once, fresh records, sustained records/s end to end.</li>
 *   <li>{@code chainProcess}: the same with the real {@code marketprism store} in a JVM of its own, and the CPU time
 *       each process (this JVM, nats-server, the store JVM, clickhouse-server) spent per record.</li>
 *   <li>{@code idle}: a trickle (default 200 records/s) for 10 s: ClickHouse inserts per table per second.</li>
 *   <li>{@code stages}: single-thread CPU cost of each conversion on the path (bus JSON out, JSON in, RowBinary).</li>
 * </ol>
 *
 * <p>Arguments {@code key=value}: {@code records} (default 1,000,000), {@code scenarios} (comma list, default all),
 * {@code storeBatches} (default {@code 1000,10000}), {@code idleRate} (records/s, default 200), {@code duckdbBatch}
 * (pipeline batch for DuckDB; default 0: as {@code replay} sets the pipeline up, {@link PipelineSettings#sizedForBulk}), {@code recordsPerMessage}
 * (records bundled per JetStream message, default 1 as in {@link NatsSettings.Publish#defaults}).
 */
public final class StoreBenchmark {
    private static final String STREAM = SinkUri.DEFAULT_STREAM;
    private static final Duration WAIT_BOUND = Duration.ofMinutes(10);

    private final int records;
    private final int duckdbBatch;
    private final int recordsPerMessage;
    private final Path work;
    private final List<String> report = new ArrayList<>();

    private StoreBenchmark(int records, Path work, int duckdbBatch, int recordsPerMessage) {
        this.records = records;
        this.duckdbBatch = duckdbBatch;
        this.recordsPerMessage = recordsPerMessage;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        opts.put("records", "1000000");
        opts.put("scenarios", "stages,duckdb,nats,store,chain,idle");
        opts.put("storeBatches", "1000,10000");
        opts.put("idleRate", "200");
        opts.put("duckdbBatch", "0");
        opts.put("recordsPerMessage", "1");
        opts.put("processBatch", "20000");
        opts.put("engineTransactions", "62500,250000");
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1 || !opts.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("argument '" + a + "' is not key=value with a key of "
                        + opts.keySet());
            }
            opts.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int n = Integer.parseInt(opts.get("records"));
        List<String> scenarios = List.of(opts.get("scenarios").split(","));
        Path work = Files.createTempDirectory("mp-bench-store-");
        StoreBenchmark b = new StoreBenchmark(n, work, Integer.parseInt(opts.get("duckdbBatch")),
                Integer.parseInt(opts.get("recordsPerMessage")));
        b.line("JDK %s (%s), %d CPUs, max heap %d MB; %,d records per scenario, %d %% trades; load average %s; "
                        + "NATS records per message %d",
                System.getProperty("java.vm.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, n,
                SyntheticRecords.TRADE_PERCENT, loadAverage(), b.recordsPerMessage);
        try {
            if (scenarios.contains("stages")) {
                b.stages();
            }
            if (scenarios.contains("duckdb")) {
                b.duckdb();
            }
            if (scenarios.contains("duckdbEngine")) {
                for (String tx : opts.get("engineTransactions").split(",")) {
                    b.duckdbEngine(Integer.parseInt(tx.trim()));
                }
            }
            boolean needNats = scenarios.stream().anyMatch(s -> List.of("nats", "store", "chain", "chainProcess", "idle")
                    .contains(s));
            if (needNats) {
                try (LocalNats nats = LocalNats.start(); LocalClickHouse ch = LocalClickHouse.start()) {
                    if (scenarios.contains("nats") || scenarios.contains("store")) {
                        b.nats(nats);
                    }
                    if (scenarios.contains("store")) {
                        for (String batch : opts.get("storeBatches").split(",")) {
                            b.store(nats, ch, Integer.parseInt(batch.trim()));
                        }
                    }
                    if (scenarios.contains("chain")) {
                        b.chain(nats, ch, Integer.parseInt(opts.get("storeBatches").split(",")[0].trim()));
                    }
                    if (scenarios.contains("chainProcess")) {
                        b.chainProcess(nats, ch, opts.get("processBatch"));
                    }
                    if (scenarios.contains("idle")) {
                        b.idle(nats, ch, Integer.parseInt(opts.get("idleRate")));
                    }
                }
            }
        } finally {
            FreePorts.deleteTree(work);
        }
        System.out.println();
        System.out.println("=== StoreBenchmark results ===");
        b.report.forEach(System.out::println);
    }

    // ---------------------------------------------------------------- scenarios

    /** Single-thread cost per record of each conversion: what one core can do, without I/O. */
    private void stages() {
        List<MarketRecord> rs = SyntheticRecords.generate(Math.min(records, 300_000), 0, 1);
        Subjects subjects = new Subjects("");
        List<String> json = new ArrayList<>(rs.size());
        long bytes = 0;
        for (int pass = 0; pass < 2; pass++) { // first pass warms the JIT up
            json.clear();
            bytes = 0;
            long t0 = System.nanoTime();
            for (MarketRecord r : rs) {
                byte[] b = RecordJson.writeBytes(r);
                bytes += b.length + subjects.of(r).length() + EventIds.of(r).length();
                json.add(new String(b, StandardCharsets.UTF_8));
            }
            long serialize = System.nanoTime() - t0;
            t0 = System.nanoTime();
            long check = 0;
            for (String s : json) {
                check += RecordJson.read(s).exchangeTs();
            }
            long parse = System.nanoTime() - t0;
            t0 = System.nanoTime();
            RowBinaryWriter w = new RowBinaryWriter(1 << 20);
            long rowBytes = 0;
            for (MarketRecord r : rs) {
                Table t = Tables.of(r.type());
                w.writeRow(t, t.row(r));
                if (w.size() > (1 << 20)) {
                    rowBytes += w.size();
                    w.reset();
                }
            }
            rowBytes += w.size();
            long rowBinary = System.nanoTime() - t0;
            if (pass == 1) {
                line("stages (one thread, %,d records, 2nd pass): bus JSON+subject+msg-id %s rec/s (%d B/record); "
                        + "RecordJson.read %s rec/s; Table.row+RowBinary %s rec/s (%d B/row) [check %d]",
                        rs.size(), rate(rs.size(), serialize), bytes / rs.size(), rate(rs.size(), parse),
                        rate(rs.size(), rowBinary), rowBytes / rs.size(), check % 10);
            }
        }
    }

    private void duckdb() throws IOException, SQLException {
        List<MarketRecord> rs = SyntheticRecords.generate(records, 0, 1);
        Path file = work.resolve("bench.duckdb");
        DuckDbSink sink = DuckDbSink.open(file);
        String load0 = loadAverage();
        // as `replay` sets it up (a queue of twice the sink's preferred batch), unless duckdbBatch says otherwise
        PipelineSettings ps = PipelineSettings.defaults(work.resolve("spool-duckdb")).sizedForBulk(List.of(sink));
        if (duckdbBatch > 0) {
            ps = ps.withQueue(Math.max(ps.queueCapacity(), 8 * duckdbBatch), duckdbBatch, ps.linger());
        }
        long t0 = System.nanoTime();
        Pipeline p = new Pipeline(List.of(sink), ps);
        for (MarketRecord r : rs) {
            p.accept(r);
        }
        SinkStats st = p.stats().get(0);
        p.close(WAIT_BOUND);
        long elapsed = System.nanoTime() - t0;
        long stored = 0;
        try (var c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            for (RecordType t : List.of(RecordType.TRADE, RecordType.BOOK_DELTA)) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + Tables.of(t).name())) {
                    r.next();
                    stored += r.getLong(1);
                }
            }
        }
        require(stored == rs.size() && st.recordsOut() == rs.size() && st.spooledRecords() == 0,
                "duckdb: stored " + stored + ", written " + st.recordsOut() + " of " + rs.size());
        line("duckdb (" + (duckdbBatch > 0 ? "batch " + duckdbBatch : "as replay: queue " + ps.queueCapacity())
                        + "): %,d records in %.2f s = %s records/s; %d batches (avg %d, max %d records), time in "
                        + "DuckDbSink.write %.0f %% (%.1f ms avg per batch), producer waits %,d; rows in file %,d; "
                        + "file %d MB; load %s -> %s",
                rs.size(), seconds(elapsed), rate(rs.size(), elapsed), st.batches(),
                st.batchSizeSum() / Math.max(1, st.batches()), st.batchSizeMax(),
                100.0 * st.flushNanosSum() / elapsed, st.flushNanosSum() / 1e6 / Math.max(1, st.batches()),
                st.producerWaits(), stored, Files.size(file) >> 20, load0, loadAverage());
    }

    /**
     * DuckDB alone: the same number of rows, shaped like {@link SyntheticRecords} (55 % trades; deltas with 1–10
     * levels per side, 2-decimal prices, 3-decimal sizes), generated by SQL inside DuckDB and inserted into the
     * sink's own tables, one commit per transaction of {@code perTransaction} rows. No Java builds a row and nothing
     * is de-duplicated, so this is what the engine itself allows here: an upper bound for {@code duckdb}.
     */
    private void duckdbEngine(int perTransaction) throws IOException, SQLException {
        Path file = work.resolve("engine-" + perTransaction + ".duckdb");
        try (DuckDbSink sink = DuckDbSink.open(file); Statement s = sink.connection().createStatement()) {
            String common = "'binance', 'spot', 'BTC-USDT', 'BTCUSDT', 1704067200000000 + 50 * i, "
                    + "(1704067200000000 + 50 * i) * 1000 + 2000000, "
                    + "make_timestamp((1704067200000000 + 50 * i) // 1000000 * 1000000), ";
            String cols = "exchange, market_type, symbol, native_symbol, exchange_ts, receive_ts, event_time, event_id, ";
            long t0 = System.nanoTime();
            for (long from = 0; from < records; from += perTransaction) {
                long to = Math.min(records, from + perTransaction);
                long split = from + (to - from) * SyntheticRecords.TRADE_PERCENT / 100;
                s.execute("INSERT INTO trades (" + cols + "trade_id, side, price, size, raw_size, raw_size_unit, "
                        + "sequence, liquidation) SELECT " + common + "'trade:binance:BTCUSDT:' || i, i::VARCHAR, "
                        + "CASE WHEN i % 2 = 0 THEN 'buy' ELSE 'sell' END, (4200000 + i % 5) * 0.01, "
                        + "(1 + i * 7919 % 250000) * 0.001, (1 + i * 7919 % 250000) * 0.001, 'base', i, false "
                        + "FROM range(" + from + ", " + split + ") t(i)");
                s.execute("INSERT INTO book_deltas (" + cols + "bid_prices, bid_sizes, ask_prices, ask_sizes, "
                        + "size_unit, first_sequence, sequence, prev_sequence, checksum) SELECT " + common
                        + "'book_delta:binance:BTCUSDT:s' || i, "
                        + "list_transform(range(1 + i % 10), lambda x: (4199999 - x) * 0.01), "
                        + "list_transform(range(1 + i % 10), lambda x: (1 + (x * 7919 + i) % 5000000) * 0.001), "
                        + "list_transform(range(1 + i * 3 % 10), lambda x: (4200001 + x) * 0.01), "
                        + "list_transform(range(1 + i * 3 % 10), lambda x: (1 + (x * 7919 + i) % 5000000) * 0.001), "
                        + "'base', i, i, i - 1, NULL FROM range(" + split + ", " + to + ") t(i)");
                sink.connection().commit();
            }
            long elapsed = System.nanoTime() - t0;
            long stored = 0;
            for (RecordType t : List.of(RecordType.TRADE, RecordType.BOOK_DELTA)) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + Tables.of(t).name())) {
                    r.next();
                    stored += r.getLong(1);
                }
            }
            require(stored == records, "duckdbEngine: stored " + stored + " of " + records);
            line("duckdbEngine (rows made by SQL in DuckDB, %,d per transaction, no de-duplication): %,d rows in "
                    + "%.2f s = %s rows/s", perTransaction, records, seconds(elapsed), rate(records, elapsed));
        }
    }

    private NatsSink natsSink(LocalNats nats) throws IOException {
        NatsSettings s = NatsSettings.of(nats.url()).withStreams(List.of(SinkUri.defaultStream("")));
        return SinkUri.nats(s.withPublish(s.publish().withRecordsPerMessage(recordsPerMessage)));
    }

    /** Publishes {@code rs} through a pipeline into JetStream; returns elapsed nanoseconds. */
    private long publish(LocalNats nats, List<MarketRecord> rs, String label, String spool) throws IOException {
        NatsSink sink = natsSink(nats);
        String load0 = loadAverage();
        long t0 = System.nanoTime();
        Pipeline p = new Pipeline(List.of(sink), PipelineSettings.defaults(work.resolve(spool)));
        for (MarketRecord r : rs) {
            p.accept(r);
        }
        SinkStats st = p.stats().get(0);
        p.close(WAIT_BOUND);
        long elapsed = System.nanoTime() - t0;
        LatencySamples lat = sink.latency();
        require(st.recordsOut() == rs.size() && sink.recordsAcked() == rs.size() && sink.duplicates() == 0
                        && st.spooledRecords() == 0,
                label + ": written " + st.recordsOut() + ", acked " + sink.recordsAcked() + ", duplicates "
                        + sink.duplicates() + " of " + rs.size());
        line("%s: %,d records in %.2f s = %s records/s; %,d messages; %d batches (avg %d), time in NatsSink.write %.0f %%; "
                        + "publish->ack latency p50 %.2f ms, p99 %.2f ms (last %,d acks), max %.2f ms, mean %.2f ms "
                        + "(all %,d); max in flight %d; retries %d; load %s -> %s",
                label, rs.size(), seconds(elapsed), rate(rs.size(), elapsed), sink.acked(), st.batches(),
                st.batchSizeSum() / Math.max(1, st.batches()), 100.0 * st.flushNanosSum() / elapsed,
                lat.percentileNanos(0.5) / 1e6, lat.percentileNanos(0.99) / 1e6, Math.min(lat.count(), 65_536),
                lat.maxNanos() / 1e6, lat.sumNanos() / 1e6 / Math.max(1, lat.count()), lat.count(),
                sink.maxInFlightSeen(), sink.retries(), load0, loadAverage());
        return elapsed;
    }

    private void nats(LocalNats nats) throws IOException {
        publish(nats, SyntheticRecords.generate(records, 0, 1), "nats", "spool-nats");
    }

    private void store(LocalNats nats, LocalClickHouse ch, int batch) throws Exception {
        String db = "mp_store_" + batch;
        ClickHouseSink sink = ClickHouseSink.open(ClickHouseSettings.fromSinkUri(ch.sinkUri(db), null, null),
                Clock.systemUTC());
        StoreSettings defaults = StoreSettings.of(STREAM, "bench-store-" + batch);
        // only the batch differs from the defaults (and max ack pending, if the batch would not fit in it)
        StoreSettings settings = new StoreSettings(defaults.stream(), defaults.durable(), null, batch,
                defaults.fetchWait(), defaults.ackWait(), Math.max(defaults.maxAckPending(), 2 * batch),
                defaults.lagRefresh(), defaults.minBackoff(), defaults.maxBackoff());
        try (Connection c = new NatsConnections(NatsSettings.of(nats.url())).connect("bench-store")) {
            String load0 = loadAverage();
            StoreRunner runner = new StoreRunner(c, settings, sink, System::nanoTime);
            long t0 = System.nanoTime();
            runner.start();
            awaitWritten(runner, records, "store batch " + batch);
            long elapsed = System.nanoTime() - t0;
            runner.stop(Duration.ofSeconds(10));
            reportStore("store (drain, batch " + batch + ")", runner, sink, db, records, elapsed, load0);
        }
    }

    private void chain(LocalNats nats, LocalClickHouse ch, int batch) throws Exception {
        List<MarketRecord> rs = SyntheticRecords.generate(records, 1_000_000_000L, 2);
        String db = "mp_chain";
        ClickHouseSink sink = ClickHouseSink.open(ClickHouseSettings.fromSinkUri(ch.sinkUri(db), null, null),
                Clock.systemUTC());
        try (Connection c = new NatsConnections(NatsSettings.of(nats.url())).connect("bench-chain")) {
            // the earlier scenarios' messages stay in the stream: the chain's consumer starts after them
            JetStreamSetup.apply(c, List.of(SinkUri.defaultStream("")));
            c.jetStreamManagement().purgeStream(STREAM);
            StoreSettings settings = StoreSettings.of(STREAM, "bench-chain").withBatch(batch, Duration.ofMillis(500));
            StoreRunner runner = new StoreRunner(c, settings, sink, System::nanoTime);
            String load0 = loadAverage();
            runner.start();
            long t0 = System.nanoTime();
            long publish = publish(nats, rs, "chain publisher (store running)", "spool-chain");
            long lagAtPublishEnd = rs.size() - runner.written();
            awaitWritten(runner, rs.size(), "chain");
            long elapsed = System.nanoTime() - t0;
            runner.stop(Duration.ofSeconds(10));
            line("chain: publisher finished after %.2f s with %,d records not yet in ClickHouse", seconds(publish),
                    lagAtPublishEnd);
            reportStore("chain end to end (publish + store at once, batch " + batch + ")", runner, sink, db,
                    rs.size(), elapsed, load0);
        }
    }

    /**
     * The deployment's shape: the publisher in this JVM, {@code marketprism store} (the real command, default
     * settings) in a JVM of its own, as production runs them. After an untimed warm-up of a third as many records,
     * the time from the first publish until ClickHouse counts every record.
     */
    private void chainProcess(LocalNats nats, LocalClickHouse ch, String batch) throws Exception {
        List<MarketRecord> rs = SyntheticRecords.generate(records, 3_000_000_000L, 4);
        String db = "mp_chain_process";
        String uri = ch.sinkUri(db);
        try (Connection c = new NatsConnections(NatsSettings.of(nats.url())).connect("bench-chain-process");
             ClickHouseSink schema = ClickHouseSink.open(ClickHouseSettings.fromSinkUri(uri, null, null),
                     Clock.systemUTC())) {
            JetStreamSetup.apply(c, List.of(SinkUri.defaultStream("")));
            c.jetStreamManagement().purgeStream(STREAM);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String jar = Path.of(StoreBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g"));
            String extra = System.getProperty("bench.storeJvmArgs", "").trim();
            if (!extra.isEmpty()) {
                cmd.addAll(List.of(extra.split("\\s+")));
            }
            cmd.addAll(List.of("-cp", jar, "io.marketprism.cli.Main", "store", "--nats", nats.url(), "--clickhouse",
                    uri, "--durable", "bench-process", "--metrics-port", "-1", "--batch", batch));
            Process store = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(work.resolve("store-process.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (c.jetStreamManagement().getConsumerNames(STREAM).stream()
                        .noneMatch("bench-process"::equals)) {
                    if (System.nanoTime() > deadline || !store.isAlive()) {
                        throw new IllegalStateException("marketprism store did not start: "
                                + Files.readString(work.resolve("store-process.log")));
                    }
                    Thread.sleep(50);
                }
                // warm-up: a third as many records through both JVMs first (JIT, buffers), untimed
                List<MarketRecord> warm = SyntheticRecords.generate(records / 3, 4_000_000_000L, 5);
                publish(nats, warm, "chainProcess warm-up publisher", "spool-chain-process-warm");
                awaitCount(schema, db, warm.size());
                String load0 = loadAverage();
                long[] pids = {ProcessHandle.current().pid(), nats.pid(), store.pid(), ch.pid()};
                double[] cpu0 = cpuSeconds(pids);
                long t0 = System.nanoTime();
                long publish = publish(nats, rs, "chainProcess publisher (store process running)",
                        "spool-chain-process");
                long stored = awaitCount(schema, db, warm.size() + rs.size());
                long elapsed = System.nanoTime() - t0;
                double[] cpu1 = cpuSeconds(pids);
                require(stored == warm.size() + rs.size(), "chainProcess: ClickHouse holds " + stored + " of "
                        + (warm.size() + rs.size()));
                line("chainProcess end to end (publisher here, `marketprism store --batch %s` in its own JVM): %,d "
                                + "records in %.2f s = %s records/s; publisher done after %.2f s; load %s -> %s",
                        batch, rs.size(), seconds(elapsed), rate(rs.size(), elapsed), seconds(publish), load0,
                        loadAverage());
                reportCpu(new String[] {"publisher JVM (this one)", "nats-server", "store JVM", "clickhouse-server"},
                        cpu0, cpu1, rs.size(), elapsed);
            } finally {
                store.destroy();
                if (!store.waitFor(30, TimeUnit.SECONDS)) {
                    store.destroyForcibly();
                }
            }
        }
    }

    private static double[] cpuSeconds(long[] pids) {
        double[] out = new double[pids.length];
        for (int i = 0; i < pids.length; i++) {
            out[i] = ProcessCpu.seconds(pids[i]);
        }
        return out;
    }

    /**
     * CPU per record of each process over the timed window, and what the sum implies: with every core busy, the
     * chain cannot pass (cores × 1 s) / (CPU seconds per record) records/s, however the work is spread.
     */
    private void reportCpu(String[] names, double[] cpu0, double[] cpu1, long n, long elapsed) {
        StringBuilder sb = new StringBuilder("chainProcess CPU per record:");
        double sum = 0;
        for (int i = 0; i < names.length; i++) {
            if (cpu0[i] < 0 || cpu1[i] < 0) {
                line("chainProcess CPU per record: not available (no /proc)");
                return;
            }
            double us = (cpu1[i] - cpu0[i]) * 1e6 / n;
            sum += us;
            sb.append(String.format(Locale.ROOT, " %s %.2f s = %.1f µs;", names[i], cpu1[i] - cpu0[i], us));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        line("%s total %.1f µs per record; the machine's %d cores were %.0f %% busy with these; at 100 %% the chain "
                        + "would run at most %,.0f records/s", sb, sum, cores,
                100.0 * sum * n / 1e6 / (elapsed / 1e9) / cores, cores * 1e6 / sum);
    }

    /** Polls ClickHouse until it counts {@code n} rows (or the wait bound passes); returns the last count. */
    private static long awaitCount(ClickHouseSink sink, String db, long n) throws IOException, InterruptedException {
        long stored = 0;
        long end = System.nanoTime() + WAIT_BOUND.toNanos();
        while (stored < n && System.nanoTime() < end) {
            Thread.sleep(20);
            stored = count(sink, db);
        }
        return stored;
    }

    private static long count(ClickHouseSink sink, String db) throws IOException {
        long n = 0;
        for (RecordType t : List.of(RecordType.TRADE, RecordType.BOOK_DELTA)) {
            n += sink.http().queryLong("SELECT count() FROM " + db + "." + Tables.of(t).name());
        }
        return n;
    }

    /** A trickle through publisher and store for 10 s: how often ClickHouse sees an insert per table. */
    private void idle(LocalNats nats, LocalClickHouse ch, int perSecond) throws Exception {
        int n = perSecond * 10;
        List<MarketRecord> rs = SyntheticRecords.generate(n, 2_000_000_000L, 3);
        String db = "mp_idle";
        ClickHouseSink sink = ClickHouseSink.open(ClickHouseSettings.fromSinkUri(ch.sinkUri(db), null, null),
                Clock.systemUTC());
        try (Connection c = new NatsConnections(NatsSettings.of(nats.url())).connect("bench-idle")) {
            c.jetStreamManagement().purgeStream(STREAM);
            StoreRunner runner = new StoreRunner(c, StoreSettings.of(STREAM, "bench-idle"), sink, System::nanoTime);
            runner.start();
            NatsSink natsSink = natsSink(nats);
            long t0 = System.nanoTime();
            Pipeline p = new Pipeline(List.of(natsSink), PipelineSettings.defaults(work.resolve("spool-idle")));
            long gapNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
            for (int i = 0; i < n; i++) {
                long due = t0 + i * gapNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                p.accept(rs.get(i));
            }
            p.close(WAIT_BOUND);
            awaitWritten(runner, n, "idle");
            long elapsed = System.nanoTime() - t0;
            runner.stop(Duration.ofSeconds(10));
            line("idle (%d records/s for 10 s): %d trades inserts, %d book_deltas inserts in %.1f s = %.1f and %.1f "
                            + "inserts/s per table; %.0f rows per insert; pipeline batches to NATS %d",
                    perSecond, sink.inserts(RecordType.TRADE), sink.inserts(RecordType.BOOK_DELTA),
                    seconds(elapsed), sink.inserts(RecordType.TRADE) / seconds(elapsed),
                    sink.inserts(RecordType.BOOK_DELTA) / seconds(elapsed),
                    (double) n / Math.max(1, sink.inserts(RecordType.TRADE) + sink.inserts(RecordType.BOOK_DELTA)),
                    p.stats().get(0).batches());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void awaitWritten(StoreRunner runner, long n, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_BOUND.toNanos();
        while (runner.written() < n) {
            if (System.nanoTime() > deadline || !runner.isRunning()) {
                throw new IllegalStateException(what + ": the store wrote only " + runner.written() + " of " + n
                        + " records (write failures " + runner.writeFailures() + ", running " + runner.isRunning()
                        + ")");
            }
            Thread.sleep(5);
        }
    }

    private void reportStore(String label, StoreRunner runner, ClickHouseSink sink, String db, long n, long elapsed,
                             String load0) throws IOException {
        long inserts = sink.inserts(RecordType.TRADE) + sink.inserts(RecordType.BOOK_DELTA);
        long rows = sink.rows(RecordType.TRADE) + sink.rows(RecordType.BOOK_DELTA);
        long stored = 0;
        for (RecordType t : List.of(RecordType.TRADE, RecordType.BOOK_DELTA)) {
            stored += sink.http().queryLong("SELECT count() FROM " + db + "." + Tables.of(t).name());
        }
        require(stored == n && rows == n && runner.redelivered() == 0 && runner.writeFailures() == 0,
                label + ": stored " + stored + ", rows " + rows + ", redelivered " + runner.redelivered() + " of " + n);
        line("%s: %,d records in %.2f s = %s records/s; %d store batches, %d inserts (%,.0f rows per insert: "
                        + "trades %,.0f, book_deltas %,.0f); rows in ClickHouse %,d; load %s -> %s",
                label, n, seconds(elapsed), rate(n, elapsed), runner.batches(), inserts, (double) rows / inserts,
                (double) sink.rows(RecordType.TRADE) / Math.max(1, sink.inserts(RecordType.TRADE)),
                (double) sink.rows(RecordType.BOOK_DELTA) / Math.max(1, sink.inserts(RecordType.BOOK_DELTA)),
                stored, load0, loadAverage());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("count check failed: " + message);
        }
    }

    private void line(String format, Object... args) {
        String s = String.format(Locale.ROOT, format, args);
        System.out.println(s);
        report.add(s);
    }

    private static String rate(long n, long nanos) {
        return String.format(Locale.ROOT, "%,.0f", n * 1e9 / nanos);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
