package io.marketprism.venue;

import io.marketprism.model.Instrument;
import io.marketprism.model.MarketRecord;

/**
 * Where an adapter puts what it read from one frame. Book records ({@code BookSnapshot}, {@code BookDelta}) emitted
 * here are the venue's book messages; the book layer applies them under the venue's sync rules and decides what is
 * published.
 */
public interface AdapterOutput {
    /** A normalized record. */
    void emit(MarketRecord record);

    /** Instrument metadata read from an instrument list (the caller stores it in the registry). */
    void instrument(Instrument instrument);

    /** A control frame understood and needing no record (subscribe ack, pong, heartbeat); counted per kind. */
    void control(String kind);

    /** A frame of a kind this adapter does not handle; counted per kind, never fatal. */
    void unknown(String kind);
}
