package io.marketprism.model;

/**
 * The venue identity of an event, stable across retries, replays and redundant collectors: used as
 * {@code Nats-Msg-Id} on the bus and as the de-duplication key in storage. Built from what the venue says (trade id,
 * book sequence), else from the exchange time and kind. Two records with the same identity describe the same venue
 * event.
 */
public final class EventIds {
    private EventIds() {
    }

    public static String of(MarketRecord r) {
        StringBuilder sb = new StringBuilder(64).append(r.type().id()).append(':').append(r.exchange().id())
                .append(':').append(r.nativeSymbol()).append(':');
        if (r instanceof Trade t) {
            sb.append(t.tradeId());
        } else if (r instanceof BookDelta d) {
            sb.append(d.sequence() != null ? "s" + d.sequence() : "t" + d.exchangeTs())
                    .append(d.firstSequence() != null ? ":" + d.firstSequence() : "");
        } else if (r instanceof BookSnapshot s) {
            sb.append(s.partial() ? "top" + Math.max(s.bids().size(), s.asks().size()) : "full").append(':')
                    .append(s.sequence() != null ? "s" + s.sequence() : "t" + s.exchangeTs()).append(':')
                    .append(s.exchangeTs());
        } else if (r instanceof Quote q) {
            sb.append(q.sequence() != null ? "s" + q.sequence() : "t" + q.exchangeTs() + ":" + q.receiveTs());
        } else if (r instanceof Liquidation l) {
            sb.append(l.tradeId() != null ? l.tradeId()
                    : l.exchangeTs() + ":" + l.side().id() + ":" + Decimals.canonical(l.price()) + ":"
                    + (l.rawSize() == null ? "" : Decimals.canonical(l.rawSize())));
        } else if (r instanceof LongShortRatio x) {
            sb.append(x.kind().id()).append(':').append(x.period()).append(':').append(x.exchangeTs());
        } else if (r instanceof Funding f) {
            sb.append(f.exchangeTs()).append(':').append(fundingShape(f));
        } else {
            sb.append(r.exchangeTs() != 0 ? r.exchangeTs() : "r" + r.receiveTs());
        }
        return sb.toString();
    }

    /** Funding records of one instrument and time may carry different fields (mark-only, index-only, rate). */
    private static String fundingShape(Funding f) {
        return (f.fundingRate() != null ? "r" : "") + (f.markPrice() != null ? "m" : "")
                + (f.indexPrice() != null ? "i" : "") + (f.predictedRate() != null ? "p" : "");
    }
}
