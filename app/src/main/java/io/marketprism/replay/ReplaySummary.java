package io.marketprism.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketprism.book.BookStats;
import io.marketprism.book.BookSynchronizer;
import io.marketprism.ingest.FrameProcessor;
import io.marketprism.ingest.IngestCounters;
import io.marketprism.ingest.StreamState;
import io.marketprism.model.BookLevel;
import io.marketprism.model.Decimals;
import io.marketprism.model.RecordType;
import io.marketprism.model.Side;
import io.marketprism.venue.FrameKind;
import java.util.Comparator;
import java.util.List;

/**
 * The replay summary ({@code --summary-json}): frames and malformed frames over all inputs, then one entry per
 * (exchange, native symbol) with its trade count, book counters and the top 10 levels of each side of the final
 * local book as canonical decimal strings.
 */
public final class ReplaySummary {
    public static final int FINAL_BOOK_DEPTH = 10;

    private ReplaySummary() {
    }

    public static ObjectNode build(List<FrameProcessor> processors, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        long frames = 0;
        long malformed = 0;
        for (FrameProcessor p : processors) {
            frames += p.counters().adapterFrames();
            malformed += p.counters().malformed();
        }
        root.put("frames", frames);
        root.put("malformed", malformed);
        ArrayNode streams = root.putArray("streams");
        List<FrameProcessor> ordered = processors.stream()
                .sorted(Comparator.comparing(p -> p.exchange().id())).toList();
        for (FrameProcessor p : ordered) {
            for (StreamState s : p.streams()) {
                streams.add(stream(s, mapper));
            }
        }
        ObjectNode venues = root.putObject("exchanges");
        for (FrameProcessor p : ordered) {
            venues.set(p.exchange().id(), counters(p.counters(), mapper));
        }
        return root;
    }

    private static ObjectNode stream(StreamState s, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("exchange", s.key().exchange().id());
        o.put("native_symbol", s.key().nativeSymbol());
        o.put("symbol", s.symbol());
        o.put("market_type", s.marketType() == null ? null : s.marketType().id());
        o.put("trades", s.records(RecordType.TRADE));
        BookSynchronizer book = s.book();
        BookStats st = book == null ? null : book.stats();
        o.put("book_updates_applied", st == null ? 0 : st.updatesApplied());
        o.put("gaps", st == null ? 0 : st.gaps());
        o.put("resyncs", st == null ? 0 : st.resyncs());
        o.put("book_synced", book != null && book.synced());
        o.put("checksum_ok", st == null ? 0 : st.checksumOk());
        o.put("checksum_failed", st == null ? 0 : st.checksumFailed());
        ObjectNode finalBook = o.putObject("final_book");
        finalBook.set("bids", levels(book == null ? List.of() : book.book().top(Side.BUY, FINAL_BOOK_DEPTH), mapper));
        finalBook.set("asks", levels(book == null ? List.of() : book.book().top(Side.SELL, FINAL_BOOK_DEPTH), mapper));
        if (st != null) {
            o.put("book_snapshots_applied", st.snapshotsApplied());
            o.put("book_stale_dropped", st.stale());
            o.put("book_crossed", st.crossed());
        }
        ObjectNode records = o.putObject("records");
        for (RecordType t : RecordType.values()) {
            long n = s.records(t);
            if (n > 0) {
                records.put(t.id(), n);
            }
        }
        return o;
    }

    private static ArrayNode levels(List<BookLevel> levels, ObjectMapper mapper) {
        ArrayNode a = mapper.createArrayNode();
        for (BookLevel l : levels) {
            a.addArray().add(Decimals.canonical(l.price())).add(Decimals.canonical(l.size()));
        }
        return a;
    }

    private static ObjectNode counters(IngestCounters c, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        ObjectNode frames = o.putObject("frames_by_kind");
        for (FrameKind k : FrameKind.values()) {
            frames.put(k.name().toLowerCase(java.util.Locale.ROOT), c.frames(k));
        }
        o.put("malformed", c.malformed());
        o.put("resync_requests", c.resyncRequests());
        ObjectNode records = o.putObject("records");
        for (RecordType t : RecordType.values()) {
            records.put(t.id(), c.records(t));
        }
        o.set("control", mapper.valueToTree(c.control()));
        o.set("unknown", mapper.valueToTree(c.unknown()));
        return o;
    }

}
