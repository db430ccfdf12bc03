package io.marketprism.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFormatTest {
    @TempDir
    Path dir;

    // ---------- helpers ----------

    /** Frame is a record over a byte[]: compare field by field, the payload by content. */
    static void assertSameFrames(List<Frame> actual, List<Frame> expected) {
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            Frame a = actual.get(i);
            Frame e = expected.get(i);
            assertThat(a.kind()).as("kind of frame %d", i).isEqualTo(e.kind());
            assertThat(a.receiveTs()).as("receiveTs of frame %d", i).isEqualTo(e.receiveTs());
            assertThat(a.connectionId()).as("connectionId of frame %d", i).isEqualTo(e.connectionId());
            assertThat(a.url()).as("url of frame %d", i).isEqualTo(e.url());
            assertThat(a.payload()).as("payload of frame %d", i).isEqualTo(e.payload());
        }
    }

    static List<Frame> readAll(FrameSource source) throws IOException {
        List<Frame> out = new ArrayList<>();
        for (Frame f = source.next(); f != null; f = source.next()) {
            out.add(f);
        }
        return out;
    }

    static List<Frame> readAll(Path file) throws IOException {
        try (CaptureReader r = CaptureReader.open(file)) {
            List<Frame> out = readAll(r);
            assertThat(r.corruptTail()).as("corrupt tail of " + file).isZero();
            return out;
        }
    }

    static Frame frame(FrameKind kind, long ts, int conn, String url, String text) {
        return new Frame(kind, ts, conn, url, text.getBytes(StandardCharsets.UTF_8));
    }

    static List<Frame> sample(int n, long startTs, int seed) {
        Random rnd = new Random(seed);
        List<Frame> out = new ArrayList<>();
        FrameKind[] kinds = FrameKind.values();
        for (int i = 0; i < n; i++) {
            FrameKind k = kinds[i % kinds.length];
            byte[] payload = new byte[k == FrameKind.CONNECT ? 0 : rnd.nextInt(300)];
            rnd.nextBytes(payload);
            out.add(new Frame(k, startTs + i * 1_000L + rnd.nextInt(1000), rnd.nextInt(5),
                    "wss://stream.example.com/ws?i=" + i, payload));
        }
        return out;
    }

    static void write(Path file, List<Frame> frames) throws IOException {
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (Frame f : frames) {
                w.append(f);
            }
        }
    }

    // ---------- round trip ----------

    @Test
    void roundTripOfEveryKindWithBinarySafePayloadsAndEdgeValues() throws IOException {
        byte[] allBytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            allBytes[i] = (byte) i;
        }
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(FrameKind.CONNECT, 1_633_998_511_159_679_000L, 1,
                "wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms", new byte[0]));
        frames.add(frame(FrameKind.WS_OUT, 1_633_998_511_200_000_000L, 1, "wss://x/ws",
                "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\"],\"id\":1}"));
        frames.add(new Frame(FrameKind.WS_IN, 1_633_998_512_063_356_900L, 1, "wss://x/ws", allBytes));
        frames.add(frame(FrameKind.REST_REQUEST, 1L, 0, "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000",
                ""));
        frames.add(frame(FrameKind.REST_RESPONSE, Long.MAX_VALUE, 0, "https://ünïcode.example/€?q=✓",
                "{\"lastUpdateId\":1,\"bids\":[[\"0.35210000\",\"672.00000000\"]]}\n\r\u0000"));
        frames.add(new Frame(FrameKind.WS_IN, Long.MIN_VALUE, -7, null, new byte[] {0, 0, 0}));
        frames.add(new Frame(FrameKind.WS_IN, 0L, Integer.MAX_VALUE, "", new byte[0]));
        Path file = dir.resolve("a.mpc");
        write(file, frames);
        assertSameFrames(readAll(file), frames);
    }

    @Test
    void nullPayloadIsWrittenAsEmpty() throws IOException {
        Path file = dir.resolve("null.mpc");
        try (CaptureWriter w = CaptureWriter.open(file)) {
            w.append(new Frame(FrameKind.CONNECT, 5L, 2, "wss://x", null));
        }
        List<Frame> back = readAll(file);
        assertThat(back).hasSize(1);
        assertThat(back.get(0).payload()).isEmpty();
        assertThat(back.get(0).url()).isEqualTo("wss://x");
    }

    @Test
    void manyFramesSpanManyBlocksAndCompress() throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            frames.add(frame(FrameKind.WS_IN, 1_700_000_000_000_000_000L + i, 1, "wss://stream.binance.com:9443/ws",
                    "{\"e\":\"aggTrade\",\"E\":" + (1700000000000L + i) + ",\"s\":\"BTCUSDT\",\"a\":" + i
                            + ",\"p\":\"26000.10000000\",\"q\":\"0.00100000\",\"m\":true}"));
        }
        frames.add(new Frame(FrameKind.REST_RESPONSE, 1_700_000_000_000_100_000L, 0, "https://big",
                new byte[3 * CaptureWriter.BLOCK_TARGET])); // one frame larger than a block's target size
        Path file = dir.resolve("many.mpc");
        write(file, frames);
        long raw = frames.stream().mapToLong(f -> f.payload().length + f.url().length() + 21L).sum();
        assertThat(Files.size(file)).as("compressed size").isLessThan(raw / 5);
        assertSameFrames(readAll(file), frames);
        assertThat(blockOffsets(file)).as("blocks written by size").hasSizeGreaterThan(5);
    }

    @Test
    void emptyFileAndEmptyFlushesHoldNoFrames() throws IOException {
        Path file = dir.resolve("empty.mpc");
        try (CaptureWriter w = CaptureWriter.open(file)) {
            w.flush();
            w.flush();
        }
        assertThat(Files.size(file)).isZero();
        assertThat(readAll(file)).isEmpty();
    }

    @Test
    void concurrentAppendsKeepEveryFrameAndEachThreadsOrder() throws Exception {
        Path file = dir.resolve("mt.mpc");
        int threads = 4;
        int perThread = 3_000;
        CountDownLatch start = new CountDownLatch(1);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int conn = t;
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            w.append(frame(FrameKind.WS_IN, i, conn, "wss://t" + conn, "msg " + i));
                            if (i % 500 == 0) {
                                w.flush();
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                th.start();
                ts.add(th);
            }
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
        }
        List<Frame> back = readAll(file);
        assertThat(back).hasSize(threads * perThread);
        long[] next = new long[threads];
        for (Frame f : back) {
            assertThat(f.receiveTs()).isEqualTo(next[f.connectionId()]);
            assertThat(f.text()).isEqualTo("msg " + f.receiveTs());
            next[f.connectionId()]++;
        }
    }

    @Test
    void aFrameAboveTheLimitIsRejectedAndTheWriterStaysUsable() throws IOException {
        Path file = dir.resolve("huge.mpc");
        try (CaptureWriter w = CaptureWriter.open(file)) {
            assertThatThrownBy(() -> w.append(new Frame(FrameKind.REST_RESPONSE, 1, 0, "https://x",
                    new byte[BlockFormat.MAX_UNCOMPRESSED])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
            w.append(frame(FrameKind.WS_IN, 2, 1, "wss://x", "ok"));
        }
        assertThat(readAll(file)).extracting(Frame::text).containsExactly("ok");
    }

    @Test
    void framesNearTheLimitGoToTheirOwnBlocks() throws IOException {
        Path file = dir.resolve("near.mpc");
        int big = BlockFormat.MAX_UNCOMPRESSED - BlockFormat.ENTRY_FIXED - 1;
        List<Frame> frames = List.of(frame(FrameKind.WS_IN, 1, 1, "u", "small"),
                new Frame(FrameKind.REST_RESPONSE, 2, 0, "u", new byte[big]),
                frame(FrameKind.WS_IN, 3, 1, "u", "after"));
        write(file, frames);
        assertSameFrames(readAll(file), frames);
        assertThat(blockOffsets(file)).hasSize(3);
    }

    @Test
    void closedWriterAndReaderRefuseWork() throws IOException {
        Path file = dir.resolve("closed.mpc");
        CaptureWriter w = CaptureWriter.open(file);
        w.close();
        w.close(); // idempotent
        assertThatThrownBy(() -> w.append(frame(FrameKind.WS_IN, 1, 1, "u", "x"))).isInstanceOf(IOException.class);
        assertThatThrownBy(w::flush).isInstanceOf(IOException.class);
        CaptureReader r = CaptureReader.open(file);
        r.close();
        r.close();
        assertThatThrownBy(r::next).isInstanceOf(IOException.class);
    }

    @Test
    void aSecondWriterOnTheSameFileIsRefused() throws IOException {
        Path file = dir.resolve("locked.mpc");
        try (CaptureWriter w = CaptureWriter.open(file)) {
            assertThatThrownBy(() -> CaptureWriter.open(file)).isInstanceOf(IOException.class)
                    .hasMessageContaining("already open");
            w.append(frame(FrameKind.WS_IN, 1, 1, "u", "still fine"));
        }
        assertThat(readAll(file)).extracting(Frame::text).containsExactly("still fine");
    }

    @Test
    void aFileOfAnotherFormatIsRefusedAndLeftUntouched() throws IOException {
        Path foreign = dir.resolve("BINANCE.ws.1.0");
        String text = "wss://stream.binance.com:9443/ws <-> 1633998511.159679\n";
        Files.writeString(foreign, text);
        assertThatThrownBy(() -> CaptureWriter.open(foreign)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a MarketPrism capture");
        assertThatThrownBy(() -> CaptureReader.open(foreign)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a MarketPrism capture");
        assertThat(Files.readString(foreign)).isEqualTo(text);
        // a second writer is refused without touching the file either
        Path own = dir.resolve("own.mpc");
        write(own, sample(3, 1L, 22));
        byte[] before = Files.readAllBytes(own);
        try (CaptureWriter w = CaptureWriter.open(own)) {
            assertThatThrownBy(() -> CaptureWriter.open(own)).isInstanceOf(IOException.class);
        }
        assertThat(Files.readAllBytes(own)).isEqualTo(before);
    }

    @Test
    void aCrashInsideTheFirstHeaderLeavesAnEmptyCapture() throws IOException {
        Path file = dir.resolve("first.mpc");
        Files.write(file, new byte[] {'M', 'P'});
        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.next()).isNull();
            assertThat(r.corruptTail()).isEqualTo(2);
        }
        List<Frame> a = sample(4, 1L, 23);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            assertThat(w.truncatedBytes()).isEqualTo(2);
            for (Frame f : a) {
                w.append(f);
            }
        }
        assertSameFrames(readAll(file), a);
    }

    // ---------- reading while writing ----------

    @Test
    void aReaderSeesFlushedBlocksAndLaterMore() throws IOException {
        Path file = dir.resolve("live.mpc");
        List<Frame> first = sample(50, 1_000_000L, 1);
        List<Frame> second = sample(70, 9_000_000L, 2);
        try (CaptureWriter w = CaptureWriter.open(file); CaptureReader r = CaptureReader.open(file)) {
            for (Frame f : first) {
                w.append(f);
            }
            assertThat(r.next()).as("nothing flushed yet").isNull();
            w.flush();
            assertSameFrames(readAll(r), first);
            assertThat(r.next()).isNull();
            assertThat(r.corruptTail()).isZero();
            for (Frame f : second) {
                w.append(f);
            }
            assertThat(r.next()).isNull();
            w.sync();
            assertSameFrames(readAll(r), second);
            assertThat(r.position()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void aBlockInFlightIsReadOnceItIsComplete() throws IOException {
        Path file = dir.resolve("flight.mpc");
        List<Frame> a = sample(20, 1_000L, 3);
        List<Frame> b = sample(30, 5_000_000L, 4);
        write(file, a);
        long aEnd = Files.size(file);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (Frame f : b) {
                w.append(f);
            }
        }
        byte[] all = Files.readAllBytes(file);
        Path live = dir.resolve("live2.mpc");
        int half = (int) (aEnd + (all.length - aEnd) / 2);
        Files.write(live, Arrays.copyOf(all, half));
        try (CaptureReader r = CaptureReader.open(live)) {
            assertSameFrames(readAll(r), a);
            assertThat(r.corruptTail()).isEqualTo(half - aEnd);
            // the writer completes the block
            Files.write(live, Arrays.copyOfRange(all, half, all.length), StandardOpenOption.APPEND);
            assertSameFrames(readAll(r), b);
            assertThat(r.corruptTail()).isZero();
        }
    }

    // ---------- corruption ----------

    @Test
    void aTornTailAtEveryByteKeepsEarlierFramesAndReportsTheTail() throws IOException {
        Path file = dir.resolve("torn.mpc");
        List<Frame> a = sample(40, 1_000L, 5);
        List<Frame> b = sample(10, 9_000_000L, 6);
        write(file, a);
        long aEnd = Files.size(file);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (Frame f : b) {
                w.append(f);
            }
        }
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.mpc");
        for (int len = (int) aEnd; len < all.length; len++) {
            Files.write(cut, Arrays.copyOf(all, len));
            try (CaptureReader r = CaptureReader.open(cut)) {
                assertSameFrames(readAll(r), a);
                assertThat(r.corruptTail()).as("tail at cut %d", len).isEqualTo(len - aEnd);
                assertThat(r.skippedBytes()).isZero();
            }
        }
    }

    @Test
    void garbageAtTheEndIsATail() throws IOException {
        Path file = dir.resolve("garbage.mpc");
        List<Frame> a = sample(10, 1_000L, 7);
        write(file, a);
        long end = Files.size(file);
        byte[] junk = new byte[5000];
        new Random(1).nextBytes(junk);
        junk[100] = 'M'; // a stray magic must not derail the reader
        junk[101] = 'P';
        junk[102] = 'C';
        junk[103] = 'F';
        Files.write(file, junk, StandardOpenOption.APPEND);
        try (CaptureReader r = CaptureReader.open(file)) {
            assertSameFrames(readAll(r), a);
            assertThat(r.corruptTail()).isEqualTo(5000);
            assertThat(r.position()).isEqualTo(end);
        }
    }

    @Test
    void aCorruptMiddleBlockIsSkippedAndTheReaderResynchronizes() throws IOException {
        List<Frame> a = sample(10, 1_000L, 8);
        List<Frame> b = sample(10, 2_000_000L, 9);
        List<Frame> c = sample(10, 3_000_000L, 10);
        Path file = dir.resolve("three.mpc");
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (List<Frame> block : List.of(a, b, c)) {
                for (Frame f : block) {
                    w.append(f);
                }
                w.flush();
            }
        }
        List<Long> offsets = blockOffsets(file);
        assertThat(offsets).hasSize(3);
        byte[] clean = Files.readAllBytes(file);
        long bLength = offsets.get(2) - offsets.get(1);
        List<Frame> ac = new ArrayList<>(a);
        ac.addAll(c);
        // flip a byte in the body, in the header's CRC field, in the magic: each time b is lost, a and c survive
        for (int at : new int[] {(int) (offsets.get(1) + 40), (int) (offsets.get(1) + 21), (int) (long) offsets.get(1)}) {
            byte[] bytes = clean.clone();
            bytes[at] ^= 0x5A;
            Path bad = dir.resolve("bad.mpc");
            Files.write(bad, bytes);
            try (CaptureReader r = CaptureReader.open(bad)) {
                assertSameFrames(readAll(r), ac);
                assertThat(r.corruptBlocks()).isEqualTo(1);
                assertThat(r.skippedBytes()).isEqualTo(bLength);
                assertThat(r.corruptTail()).isZero();
            }
        }
    }

    @Test
    void garbageBetweenBlocksIsSkipped() throws IOException {
        List<Frame> a = sample(10, 1_000L, 11);
        List<Frame> b = sample(10, 2_000_000L, 12);
        Path pa = dir.resolve("pa.mpc");
        Path pb = dir.resolve("pb.mpc");
        write(pa, a);
        write(pb, b);
        byte[] junk = "MPCF this is not a block, MP".getBytes(StandardCharsets.US_ASCII);
        Path joined = dir.resolve("joined.mpc");
        Files.write(joined, Files.readAllBytes(pa));
        Files.write(joined, junk, StandardOpenOption.APPEND);
        Files.write(joined, Files.readAllBytes(pb), StandardOpenOption.APPEND);
        List<Frame> ab = new ArrayList<>(a);
        ab.addAll(b);
        try (CaptureReader r = CaptureReader.open(joined)) {
            assertSameFrames(readAll(r), ab);
            assertThat(r.skippedBytes()).isEqualTo(junk.length);
            assertThat(r.corruptBlocks()).isEqualTo(1);
        }
    }

    @Test
    void aBlockWithAValidCrcButInconsistentContentIsSkipped() throws IOException {
        // a block we forge: correct CRCs, but the entry claims more payload than there is
        byte[] plain = new byte[BlockFormat.ENTRY_FIXED];
        plain[0] = 0;
        plain[plain.length - 1] = 100; // payload length 100, nothing follows
        Path file = dir.resolve("forged.mpc");
        List<Frame> a = sample(5, 1_000L, 13);
        write(file, a);
        Files.write(file, forgedBlock(plain, 1), StandardOpenOption.APPEND);
        byte[] unknownKind = new byte[BlockFormat.ENTRY_FIXED];
        unknownKind[0] = 99;
        Files.write(file, forgedBlock(unknownKind, 1), StandardOpenOption.APPEND);
        byte[] trailing = new byte[BlockFormat.ENTRY_FIXED + 3];
        Files.write(file, forgedBlock(trailing, 1), StandardOpenOption.APPEND); // 3 bytes after the last entry
        List<Frame> b = sample(5, 2_000_000L, 14);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (Frame f : b) {
                w.append(f);
            }
        }
        List<Frame> ab = new ArrayList<>(a);
        ab.addAll(b);
        try (CaptureReader r = CaptureReader.open(file)) {
            assertSameFrames(readAll(r), ab);
            assertThat(r.corruptBlocks()).isEqualTo(1); // the three forged blocks are one skipped region
        }
    }

    @Test
    void aBlockWhoseBodyIsNotDeflateIsSkipped() throws IOException {
        Path file = dir.resolve("notdeflate.mpc");
        byte[] body = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] block = rawBlock(body, BlockFormat.ENTRY_FIXED, 1);
        // the same entry deflated, but the header claims a larger uncompressed size than the body holds
        byte[] shortBody = deflate(new byte[BlockFormat.ENTRY_FIXED]);
        byte[] block2 = rawBlock(shortBody, BlockFormat.ENTRY_FIXED * 2, 1);
        Files.write(file, block);
        Files.write(file, block2, StandardOpenOption.APPEND);
        List<Frame> a = sample(3, 1_000L, 15);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (Frame f : a) {
                w.append(f);
            }
        }
        try (CaptureReader r = CaptureReader.open(file)) {
            assertSameFrames(readAll(r), a);
            assertThat(r.skippedBytes()).isEqualTo(block.length + block2.length);
        }
    }

    // ---------- append after a crash ----------

    @Test
    void appendingAfterACrashTruncatesTheTornTailFirst() throws IOException {
        Path file = dir.resolve("crash.mpc");
        List<Frame> a = sample(30, 1_000L, 16);
        List<Frame> b = sample(30, 2_000_000L, 17);
        List<Frame> c = sample(30, 3_000_000L, 18);
        write(file, a);
        long aEnd = Files.size(file);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (Frame f : b) {
                w.append(f);
            }
        }
        long full = Files.size(file);
        // the crash tore block b in the middle
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(aEnd + (full - aEnd) / 3);
        }
        try (CaptureWriter w = CaptureWriter.open(file)) {
            assertThat(w.truncatedBytes()).isEqualTo((full - aEnd) / 3);
            for (Frame f : c) {
                w.append(f);
            }
        }
        List<Frame> ac = new ArrayList<>(a);
        ac.addAll(c);
        assertSameFrames(readAll(file), ac);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            assertThat(w.truncatedBytes()).as("clean file").isZero();
        }
    }

    @Test
    void appendingAfterACorruptMiddleBlockKeepsTheLaterBlocks() throws IOException {
        Path file = dir.resolve("mid.mpc");
        List<Frame> a = sample(10, 1_000L, 19);
        List<Frame> b = sample(10, 2_000_000L, 20);
        List<Frame> c = sample(10, 3_000_000L, 21);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            for (Frame f : a) {
                w.append(f);
            }
            w.flush();
            for (Frame f : b) {
                w.append(f);
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) (long) blockOffsets(file).get(0) + 40] ^= 1; // a is now corrupt, b still whole
        Files.write(file, bytes);
        try (CaptureWriter w = CaptureWriter.open(file)) {
            assertThat(w.truncatedBytes()).isZero();
            for (Frame f : c) {
                w.append(f);
            }
        }
        List<Frame> bc = new ArrayList<>(b);
        bc.addAll(c);
        try (CaptureReader r = CaptureReader.open(file)) {
            assertSameFrames(readAll(r), bc);
            assertThat(r.corruptBlocks()).isEqualTo(1);
        }
    }

    // ---------- format helpers ----------

    /** The start offsets of the blocks of a clean file, walking the headers. */
    static List<Long> blockOffsets(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<Long> out = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            BlockFormat.Header h = BlockFormat.parseHeader(Arrays.copyOfRange(all, at, at + BlockFormat.HEADER_SIZE));
            assertThat(h).as("header at %d", at).isNotNull();
            out.add((long) at);
            at += (int) h.blockLength();
        }
        return out;
    }

    static byte[] deflate(byte[] plain) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(6, true);
        d.setInput(plain);
        d.finish();
        byte[] out = new byte[plain.length + 64];
        int n = d.deflate(out);
        d.end();
        return Arrays.copyOf(out, n);
    }

    static byte[] forgedBlock(byte[] plain, int entries) {
        return rawBlock(deflate(plain), plain.length, entries);
    }

    static byte[] rawBlock(byte[] body, int uncompressed, int entries) {
        var header = BlockFormat.header(body.length, uncompressed, entries, BlockFormat.crc(body, 0, body.length));
        byte[] out = new byte[BlockFormat.HEADER_SIZE + body.length];
        header.get(out, 0, BlockFormat.HEADER_SIZE);
        System.arraycopy(body, 0, out, BlockFormat.HEADER_SIZE, body.length);
        return out;
    }
}
