package io.marketprism.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.Exchange;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports a raw capture written by cryptofeed's raw data collection ({@code AsyncFileCallback}) as one stream of
 * frames ordered by local receive time.
 *
 * <p>For a prefix {@code P} (e.g. {@code .../BINANCE_FUTURES}) the files are {@code P.0} (REST instrument lists
 * and a final {@code configuration: <json>} line), {@code P.ws.<n>.<m>} (WebSocket connection {@code n}, file
 * rotation {@code m}) and {@code P.http.<n>.<m>} (REST responses); any of them may be missing. The rotations of one
 * connection are read one after the other as a single source (the connect line, which names the URL, is only in
 * the first); the sources are merged k-way, one line in memory per source. Equal receive times keep source order:
 * {@code P.0}, then {@code http} by {@code n}, then {@code ws} by {@code n}.
 *
 * <p>Lines: {@code <url> <-> <epoch>} → CONNECT (payload empty); {@code <url> <- <epoch>: <json>} → WS_OUT;
 * {@code <epoch>: <frame>} → WS_IN with the connection's URL; {@code <url> -> <epoch>: <body>} → REST_RESPONSE with
 * connection id 0. WebSocket frames carry connection id {@code n}. Blank lines and the configuration line are not
 * frames; other lines that do not parse are counted in {@link #malformedLines()} and skipped.
 */
public final class CryptofeedCapture implements FrameSource {
    private static final String CONFIGURATION = "configuration";
    private static final byte[] CONFIGURATION_PREFIX = (CONFIGURATION + ": ").getBytes(StandardCharsets.US_ASCII);

    private final Exchange exchange;
    private final JsonNode configuration;
    private final Source[] sources;
    private long malformedLines;
    private long bytesRead;
    private long totalBytes = -1;

    private CryptofeedCapture(Exchange exchange, JsonNode configuration, Source[] sources, long malformedLines) {
        this.exchange = exchange;
        this.configuration = configuration;
        this.sources = sources;
        this.malformedLines = malformedLines;
    }

    /** Opens the capture files of {@code prefix}; throws {@link NoSuchFileException} if there are none. */
    public static CryptofeedCapture open(Path prefix) throws IOException {
        if (prefix.getFileName() == null) {
            throw new IllegalArgumentException("a cryptofeed prefix names files, like .../BINANCE: " + prefix);
        }
        String name = prefix.getFileName().toString();
        Exchange exchange = exchangeOf(name);
        Path dir = prefix.toAbsolutePath().getParent();
        Path rest = dir.resolve(name + ".0");
        Pattern pattern = Pattern.compile(Pattern.quote(name) + "\\.(ws|http)\\.(\\d+)\\.(\\d+)");
        // connection (type, n) → rotations m → file
        TreeMap<Integer, TreeMap<Long, Path>> http = new TreeMap<>();
        TreeMap<Integer, TreeMap<Long, Path>> ws = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory for cryptofeed prefix " + name);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = pattern.matcher(f.getFileName().toString());
                if (m.matches() && Files.isRegularFile(f)) {
                    int n = Integer.parseInt(m.group(2));
                    long rotation = Long.parseLong(m.group(3));
                    (m.group(1).equals("ws") ? ws : http).computeIfAbsent(n, k -> new TreeMap<>()).put(rotation, f);
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException("cryptofeed file number out of range under " + prefix, e);
        }
        List<Source> sources = new ArrayList<>();
        JsonNode configuration = null;
        long malformed = 0;
        if (Files.isRegularFile(rest)) {
            sources.add(new Source(0, List.of(rest)));
            try {
                configuration = readConfiguration(rest);
            } catch (JsonProcessingException e) { // the configuration line is not JSON: keep going without it
                malformed++;
            }
        }
        http.forEach((n, rotations) -> sources.add(new Source(n, new ArrayList<>(rotations.values()))));
        ws.forEach((n, rotations) -> sources.add(new Source(n, new ArrayList<>(rotations.values()))));
        if (sources.isEmpty()) {
            throw new NoSuchFileException(prefix + ".*", null, "no cryptofeed capture files (.0, .ws.<n>.<m>, "
                    + ".http.<n>.<m>) for prefix " + name + " in " + dir);
        }
        CryptofeedCapture capture = new CryptofeedCapture(exchange, configuration,
                sources.toArray(new Source[0]), malformed);
        try {
            for (Source s : capture.sources) {
                s.head = capture.read(s);
            }
        } catch (IOException | RuntimeException e) {
            capture.close();
            throw e;
        }
        return capture;
    }

    /**
     * The venue of a cryptofeed exchange name (the prefix's file name): BINANCE, BINANCE_US, BINANCE_FUTURES,
     * BINANCE_DELIVERY, OKX (or its old name OKEX) and DERIBIT.
     */
    public static Exchange exchangeOf(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "BINANCE" -> Exchange.BINANCE;
            case "BINANCE_US" -> Exchange.BINANCE_US;
            case "BINANCE_FUTURES" -> Exchange.BINANCE_FUTURES;
            case "BINANCE_DELIVERY" -> Exchange.BINANCE_DELIVERY;
            case "OKX", "OKEX" -> Exchange.OKX;
            case "DERIBIT" -> Exchange.DERIBIT;
            default -> throw new IllegalArgumentException("unsupported cryptofeed exchange '" + name
                    + "': supported prefixes are BINANCE, BINANCE_US, BINANCE_FUTURES, BINANCE_DELIVERY, OKX, OKEX, "
                    + "DERIBIT");
        };
    }

    public Exchange exchange() {
        return exchange;
    }

    /** The recorded subscription, the JSON of the last {@code configuration:} line of {@code P.0}; null if none. */
    public JsonNode configuration() {
        return configuration;
    }

    /** Lines skipped because they could not be split into a frame (so far). */
    public long malformedLines() {
        return malformedLines;
    }

    @Override
    public Frame next() throws IOException {
        Source best = null;
        for (Source s : sources) { // a handful of sources: a linear scan beats a heap
            if (s.head != null && (best == null || s.head.receiveTs() < best.head.receiveTs())) {
                best = s;
            }
        }
        if (best == null) {
            return null;
        }
        Frame f = best.head;
        best.head = read(best);
        return f;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Source s : sources) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Bytes of the capture files read so far over their total size (lines read ahead for the merge count). */
    @Override
    public double progress() {
        if (totalBytes < 0) {
            long total = 0;
            for (Source s : sources) {
                for (Path f : s.files) {
                    try {
                        total += Files.size(f);
                    } catch (IOException e) {
                        return -1;
                    }
                }
            }
            totalBytes = total;
        }
        return totalBytes == 0 ? 1 : Math.min(1.0, (double) bytesRead / totalBytes);
    }

    /** The next frame of a source, skipping (and counting) lines that are not frames; null at its end. */
    private Frame read(Source s) throws IOException {
        while (s.nextLine()) {
            bytesRead += s.reader.length() + 1;
            Frame f = parse(s, s.reader.bytes(), s.reader.length());
            s.reader.trim();
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private Frame parse(Source s, byte[] line, int length) {
        if (length == 0 || isBlank(line, length)) {
            return null;
        }
        int colon = indexOfColonSpace(line, length);
        if (colon >= 0) {
            String head = new String(line, 0, colon, StandardCharsets.UTF_8);
            if (head.equals(CONFIGURATION)) {
                return null;
            }
            long ts = epochNanos(head);
            if (ts >= 0) {
                return new Frame(FrameKind.WS_IN, ts, s.connectionId, s.url, body(line, colon + 2, length));
            }
            int space = head.lastIndexOf(' ');
            if (space > 0) {
                ts = epochNanos(head.substring(space + 1));
                String rest = head.substring(0, space);
                if (ts >= 0 && rest.endsWith(" <-") && rest.length() > 3) {
                    return new Frame(FrameKind.WS_OUT, ts, s.connectionId, rest.substring(0, rest.length() - 3),
                            body(line, colon + 2, length));
                }
                if (ts >= 0 && rest.endsWith(" ->") && rest.length() > 3) {
                    return new Frame(FrameKind.REST_RESPONSE, ts, 0, rest.substring(0, rest.length() - 3),
                            body(line, colon + 2, length));
                }
            }
        }
        // "<url> <-> <epoch>" has no ": " (URLs contain ":" but never ": ")
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        int arrow = text.lastIndexOf(" <-> ");
        if (arrow > 0) {
            long ts = epochNanos(text.substring(arrow + 5));
            if (ts >= 0) {
                s.url = text.substring(0, arrow);
                return new Frame(FrameKind.CONNECT, ts, s.connectionId, s.url, new byte[0]);
            }
        }
        malformedLines++;
        return null;
    }

    private static byte[] body(byte[] line, int from, int to) {
        return Arrays.copyOfRange(line, from, to);
    }

    private static boolean isBlank(byte[] line, int length) {
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private static int indexOfColonSpace(byte[] line, int length) {
        for (int i = 0; i + 1 < length; i++) {
            if (line[i] == ':' && line[i + 1] == ' ') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Exact nanoseconds of an epoch-seconds text such as {@code 1633998512.0633569} (digits, optionally a point
     * and up to 9 more digits are kept; further digits are below a nanosecond and are truncated). -1 if the text
     * is not such a number or overflows.
     */
    static long epochNanos(String text) {
        int n = text.length();
        int i = 0;
        long seconds = 0;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            seconds = seconds * 10 + (text.charAt(i) - '0');
            if (seconds > Long.MAX_VALUE / 1_000_000_000L) {
                return -1;
            }
            i++;
        }
        if (i == 0) {
            return -1;
        }
        long fraction = 0;
        long scale = 100_000_000L;
        if (i < n) {
            if (text.charAt(i) != '.' || i + 1 == n) {
                return -1;
            }
            for (i++; i < n; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                fraction += (c - '0') * scale;
                scale /= 10;
            }
        }
        long nanos = seconds * 1_000_000_000L;
        return nanos > Long.MAX_VALUE - fraction ? -1 : nanos + fraction;
    }

    /** The JSON of the last configuration line of the REST file, or null. */
    private static JsonNode readConfiguration(Path file) throws IOException {
        byte[] found = null;
        try (LineReader r = new LineReader(Files.newInputStream(file))) {
            while (r.next()) {
                if (startsWith(r.bytes(), r.length(), CONFIGURATION_PREFIX)) {
                    found = Arrays.copyOfRange(r.bytes(), CONFIGURATION_PREFIX.length, r.length());
                }
            }
        }
        return found == null ? null : Json.mapper().readTree(found);
    }

    private static boolean startsWith(byte[] line, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** One connection (or the REST file): its rotated files in order, the current URL and the next frame. */
    private static final class Source {
        final int connectionId;
        final List<Path> files;
        int fileIndex;
        LineReader reader;
        /** The URL of the last connect line; "" until one is seen (a rotation file read on its own). */
        String url = "";
        Frame head;

        Source(int connectionId, List<Path> files) {
            this.connectionId = connectionId;
            this.files = files;
        }

        boolean nextLine() throws IOException {
            while (true) {
                if (reader == null) {
                    if (fileIndex == files.size()) {
                        return false;
                    }
                    reader = new LineReader(Files.newInputStream(files.get(fileIndex++)));
                }
                if (reader.next()) {
                    return true;
                }
                reader.close();
                reader = null;
            }
        }

        void close() throws IOException {
            if (reader != null) {
                reader.close();
                reader = null;
            }
            fileIndex = files.size();
        }
    }
}
