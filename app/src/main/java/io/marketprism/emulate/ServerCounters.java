package io.marketprism.emulate;

import java.util.concurrent.atomic.AtomicLong;

/** What a venue server did, for tests and the emulator's summary. Thread-safe. */
public final class ServerCounters {
    final AtomicLong connections = new AtomicLong();
    final AtomicLong dataFrames = new AtomicLong();
    final AtomicLong controlFrames = new AtomicLong();
    final AtomicLong clientMessages = new AtomicLong();
    final AtomicLong badClientMessages = new AtomicLong();
    final AtomicLong pings = new AtomicLong();
    final AtomicLong serverCloses = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong restRequests = new AtomicLong();
    final AtomicLong restErrors = new AtomicLong();

    public long connections() {
        return connections.get();
    }

    public long dataFrames() {
        return dataFrames.get();
    }

    public long controlFrames() {
        return controlFrames.get();
    }

    public long clientMessages() {
        return clientMessages.get();
    }

    /** Client messages the venue would reject (bad JSON, unknown method, bad channel): answered with its error. */
    public long badClientMessages() {
        return badClientMessages.get();
    }

    public long pings() {
        return pings.get();
    }

    /** Connections the emulator closed (faults, idle and heartbeat rules, shutdown). */
    public long serverCloses() {
        return serverCloses.get();
    }

    public long sendFailures() {
        return sendFailures.get();
    }

    public long restRequests() {
        return restRequests.get();
    }

    /** REST answers with an error status (bad parameters, injected 429/418/5xx). */
    public long restErrors() {
        return restErrors.get();
    }
}
