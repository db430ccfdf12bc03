package io.marketprism.ingest;

import io.marketprism.book.BookPublisher;
import io.marketprism.book.BookSynchronizer;
import io.marketprism.book.FastOrderBook;
import io.marketprism.book.SyncRule;
import io.marketprism.model.BookDelta;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.Exchange;
import io.marketprism.model.Instrument;
import io.marketprism.model.MarketRecord;
import io.marketprism.venue.AdapterOutput;
import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import io.marketprism.venue.InstrumentRegistry;
import io.marketprism.venue.VenueAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path every frame takes, live or replayed: venue adapter → books (under the venue's sync rules) →
 * downstream. Malformed frames are counted and logged with venue, channel and a frame prefix, and processing goes
 * on. Single-threaded: one processor per venue connection group.
 */
public final class FrameProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(FrameProcessor.class);
    private static final Pattern CHANNEL = Pattern.compile("\"(?:stream|channel|table|e)\"\\s*:\\s*\"([^\"]{1,80})\"");
    private static final int PREFIX_CHARS = 160;

    private final VenueAdapter adapter;
    private final Exchange exchange;
    private final InstrumentRegistry registry;
    private final Consumer<MarketRecord> downstream;
    private final BookOptions bookOptions;
    private final ResyncRequester resync;
    private final IngestCounters counters = new IngestCounters();
    private final Map<String, StreamState> streams = new HashMap<>();
    private final Output output = new Output();
    private Frame current;

    public FrameProcessor(VenueAdapter adapter, InstrumentRegistry registry, Consumer<MarketRecord> downstream,
                          BookOptions bookOptions, ResyncRequester resync) {
        this.adapter = adapter;
        this.exchange = adapter.exchange();
        this.registry = registry;
        this.downstream = downstream;
        this.bookOptions = bookOptions;
        this.resync = resync;
    }

    /** The continuity rule of a venue family. */
    public static SyncRule ruleFor(Exchange exchange) {
        return switch (exchange) {
            case BINANCE, BINANCE_US -> SyncRule.BINANCE_SPOT;
            case BINANCE_FUTURES, BINANCE_DELIVERY -> SyncRule.BINANCE_FUTURES;
            case OKX -> SyncRule.OKX;
            case DERIBIT -> SyncRule.DERIBIT;
        };
    }

    public void process(Frame frame) {
        counters.frame(frame.kind());
        switch (frame.kind()) {
            case WS_IN, REST_RESPONSE -> adapt(frame);
            case CONNECT -> reconnected(frame.connectionId());
            case WS_OUT, REST_REQUEST -> { }
        }
    }

    private void adapt(Frame frame) {
        current = frame;
        try {
            adapter.onFrame(frame, output);
        } catch (RuntimeException e) {
            counters.countMalformed();
            long n = counters.malformed();
            if (n <= 100 || n % 1000 == 0) {
                LOG.warn("malformed frame #{} from {} channel={} url={}: {} | frame: {}", n, exchange.id(),
                        channelOf(frame), frame.url(), e.getMessage() != null ? e.getMessage() : e.toString(),
                        frame.prefix(PREFIX_CHARS));
            }
        } finally {
            current = null;
        }
    }

    /** A best-effort channel name for logs: the frame's stream/channel field, else "?". */
    static String channelOf(Frame frame) {
        String prefix = frame.prefix(400);
        Matcher m = CHANNEL.matcher(prefix);
        return m.find() ? m.group(1) : "?";
    }

    /** A (re)connect invalidates every book fed by that connection: they re-sync from the next snapshot. */
    private void reconnected(int connectionId) {
        for (StreamState s : streams.values()) {
            if (s.book() != null && s.connectionId() == connectionId && s.book().synced()) {
                s.book().invalidate("connection " + connectionId + " reconnected");
                if (snapshotsOverRest()) {
                    // OKX and Deribit resend a snapshot when the new connection subscribes; Binance needs REST
                    resync.requestResync(exchange, s.key().nativeSymbol(), "reconnected");
                }
            }
        }
    }

    /** Binance books start (and restart) from a REST snapshot; OKX and Deribit send theirs on the stream. */
    private boolean snapshotsOverRest() {
        SyncRule rule = ruleFor(exchange);
        return rule == SyncRule.BINANCE_SPOT || rule == SyncRule.BINANCE_FUTURES;
    }

    private StreamState stream(MarketRecord r) {
        StreamState s = streams.get(r.nativeSymbol());
        if (s == null) {
            s = new StreamState(new StreamKey(exchange, r.nativeSymbol()));
            streams.put(r.nativeSymbol(), s);
        }
        return s;
    }

    private BookSynchronizer bookOf(StreamState s) {
        BookSynchronizer b = s.book();
        if (b == null) {
            StreamState stream = s;
            FastOrderBook book = new FastOrderBook();
            BookPublisher publisher = new BookPublisher(book, bookOptions.snapshots(), r -> publish(stream, r),
                    reason -> {
                        counters.countResyncRequest();
                        resync.requestResync(exchange, stream.key().nativeSymbol(), reason);
                    });
            b = new BookSynchronizer(ruleFor(exchange), book, publisher, bookOptions.maxBuffered());
            s.book(b);
            if (snapshotsOverRest()) {
                // Binance sends deltas only: the book starts from a REST snapshot the session layer fetches
                resync.requestResync(exchange, s.key().nativeSymbol(), "initial snapshot");
            }
        }
        return b;
    }

    private void publish(StreamState s, MarketRecord r) {
        s.counted(r.type());
        counters.record(r.type());
        downstream.accept(r);
    }

    public IngestCounters counters() {
        return counters;
    }

    public Exchange exchange() {
        return exchange;
    }

    /** All streams seen so far, ordered by native symbol. */
    public List<StreamState> streams() {
        List<StreamState> out = new ArrayList<>(streams.values());
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    public StreamState stream(String nativeSymbol) {
        return streams.get(nativeSymbol);
    }

    private final class Output implements AdapterOutput {
        @Override
        public void emit(MarketRecord record) {
            StreamState s = stream(record);
            s.saw(record, current != null && current.kind() == FrameKind.WS_IN ? current.connectionId() : 0);
            if (record instanceof BookSnapshot snap && !snap.partial()) {
                bookOf(s).onSnapshot(snap);
            } else if (record instanceof BookDelta delta) {
                bookOf(s).onDelta(delta);
            } else {
                publish(s, record);
            }
        }

        @Override
        public void instrument(Instrument instrument) {
            registry.put(instrument);
        }

        @Override
        public void control(String kind) {
            counters.control(kind);
        }

        @Override
        public void unknown(String kind) {
            counters.unknown(kind);
        }
    }
}
