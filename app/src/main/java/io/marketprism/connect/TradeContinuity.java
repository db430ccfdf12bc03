package io.marketprism.connect;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketprism.model.Exchange;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.Trade;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trade continuity per instrument: watches the trade records' sequences (Binance aggregate ids, Deribit
 * {@code trade_seq}; OKX trade ids only when configured as contiguous) and, when ids are missing after a reconnect
 * or a dropped frame, back-fills them from the venue's REST endpoint (Binance {@code aggTrades?fromId=}, Deribit
 * {@code get_last_trades_by_instrument?start_seq=&end_seq=}). The fetched bodies flow through the adapters like any
 * REST response; this class counts what was found and what could not be back-filled.
 */
public final class TradeContinuity implements Consumer<MarketRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(TradeContinuity.class);
    private static final int PAGE = 1000;

    private final VenueSettings settings;
    private final RestClient rest;
    private final Executor worker;
    private final boolean okxContiguous;
    private final long maxBackfill;
    private final Map<String, Long> last = new ConcurrentHashMap<>();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong missingDetected = new AtomicLong();
    private final AtomicLong backfilled = new AtomicLong();
    private final AtomicLong notBackfilled = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Map<String, SymbolCounts> bySymbol = new ConcurrentHashMap<>();

    /** Trades back-filled and trades that could not be, for one instrument. */
    public record SymbolCounts(long backfilled, long notBackfilled) {
        SymbolCounts plus(SymbolCounts o) {
            return new SymbolCounts(backfilled + o.backfilled, notBackfilled + o.notBackfilled);
        }
    }

    /** Back-fill results per native symbol (only instruments that had a gap). */
    public Map<String, SymbolCounts> bySymbol() {
        return Map.copyOf(bySymbol);
    }

    /**
     * @param maxBackfill   at most this many trades are fetched per gap; the rest is counted as not back-filled
     * @param okxContiguous treat OKX trade ids as contiguous per instrument (UNVERIFIED; off by default)
     */
    public TradeContinuity(VenueSettings settings, RestClient rest, Executor worker, long maxBackfill,
                           boolean okxContiguous) {
        this.settings = settings;
        this.rest = rest;
        this.worker = worker;
        this.maxBackfill = maxBackfill;
        this.okxContiguous = okxContiguous;
    }

    @Override
    public void accept(MarketRecord r) {
        if (!(r instanceof Trade t) || t.sequence() == null || t.exchange() != settings.exchange()) {
            return;
        }
        if (t.exchange() == Exchange.OKX && !okxContiguous) {
            return;
        }
        long seq = t.sequence();
        Long prev = last.get(t.nativeSymbol());
        if (prev == null) {
            last.put(t.nativeSymbol(), seq);
            return;
        }
        if (seq <= prev) {
            duplicates.incrementAndGet(); // a back-filled trade, or a frame both connections delivered
            return;
        }
        last.put(t.nativeSymbol(), seq);
        if (seq > prev + 1) {
            long from = prev + 1;
            long to = seq - 1;
            gaps.incrementAndGet();
            missingDetected.addAndGet(to - from + 1);
            LOG.warn("{} {}: trade ids {}..{} missing; back-filling", settings.exchange().id(), t.nativeSymbol(),
                    from, to);
            worker.execute(() -> backfill(t.nativeSymbol(), from, to));
        }
    }

    private void backfill(String symbol, long from, long to) {
        long size = to - from + 1;
        long found = 0;
        boolean possible = switch (settings.exchange()) {
            case DERIBIT -> true;
            case OKX -> false; // history-trades pages by id but not by range; counted as not back-filled
            default -> "aggTrade".equals(settings.binanceTradeStream());
        };
        if (possible) {
            long next = from;
            long end = Math.min(to, from + maxBackfill - 1);
            try {
                while (next <= end) {
                    int count = (int) Math.min(PAGE, end - next + 1);
                    JsonNode body = Jsons.parse(rest.get(path(symbol, next, next + count - 1, count)));
                    long[] got = ids(body, next, to);
                    found += got[0];
                    if (got[0] == 0) {
                        break;
                    }
                    next = got[1] + 1;
                }
            } catch (RestException e) {
                LOG.warn("{} {}: trade back-fill {}..{} failed: {}", settings.exchange().id(), symbol, from, to,
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        backfilled.addAndGet(found);
        notBackfilled.addAndGet(size - found);
        long filled = found;
        bySymbol.merge(symbol, new SymbolCounts(filled, size - filled), SymbolCounts::plus);
        if (found < size) {
            LOG.warn("{} {}: {} of {} missing trades could not be back-filled", settings.exchange().id(), symbol,
                    size - found, size);
        }
    }

    private String path(String symbol, long from, long to, int count) {
        return switch (settings.exchange()) {
            case DERIBIT -> "/api/v2/public/get_last_trades_by_instrument?instrument_name=" + symbol + "&start_seq="
                    + from + "&end_seq=" + to + "&count=" + count;
            case BINANCE_FUTURES -> "/fapi/v1/aggTrades?symbol=" + symbol + "&fromId=" + from + "&limit=" + count;
            case BINANCE_DELIVERY -> "/dapi/v1/aggTrades?symbol=" + symbol + "&fromId=" + from + "&limit=" + count;
            default -> "/api/v3/aggTrades?symbol=" + symbol + "&fromId=" + from + "&limit=" + count;
        };
    }

    /** {count of ids within [from, to], highest id seen} of a back-fill body. */
    private long[] ids(JsonNode body, long from, long to) {
        JsonNode items = body;
        String field = "a";
        if (settings.exchange() == Exchange.DERIBIT) {
            items = body == null ? null : body.path("result").path("trades");
            field = "trade_seq";
        }
        long count = 0;
        long max = from - 1;
        if (items != null && items.isArray()) {
            for (JsonNode n : items) {
                long id = n.path(field).asLong(-1);
                if (id >= from && id <= to) {
                    count++;
                }
                max = Math.max(max, id);
            }
        }
        return new long[] {count, max};
    }

    public long gaps() {
        return gaps.get();
    }

    /** Trade ids found missing in total. */
    public long missingDetected() {
        return missingDetected.get();
    }

    public long backfilled() {
        return backfilled.get();
    }

    /** Missing trades the venue's REST endpoints did not (or could not) deliver. */
    public long notBackfilled() {
        return notBackfilled.get();
    }

    public long duplicates() {
        return duplicates.get();
    }
}
