package io.marketprism.book;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookSnapshot;

/** Callbacks of a {@link BookSynchronizer}, called synchronously on the synchronizer's thread. */
public interface BookListener {
    /** The book (re)entered LIVE from this venue snapshot; the local book equals it at the time of the call. */
    void onSynced(BookSnapshot venueSnapshot);

    /** A delta was applied in LIVE (publish it); the local book already includes it. */
    void onApplied(BookDelta delta);

    /** Gap / checksum failure / crossed: the session layer must fetch a new snapshot or resubscribe. */
    void onResyncNeeded(String reason);
}
