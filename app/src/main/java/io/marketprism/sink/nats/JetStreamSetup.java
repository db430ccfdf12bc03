package io.marketprism.sink.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the configured JetStream streams exist at start: creates an absent stream, updates one whose changes the
 * server allows in place (subjects, limits, max age, duplicate window, replicas), and refuses with a clear error
 * when an existing stream conflicts (storage type or retention differ, or subjects overlap another stream). It never
 * deletes or recreates a stream: a stream holds data that may not be replayable.
 */
public final class JetStreamSetup {
    private static final Logger LOG = LoggerFactory.getLogger(JetStreamSetup.class);
    /** JetStream API error code for "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    public enum Outcome {
        CREATED, UPDATED, UNCHANGED
    }

    private JetStreamSetup() {
    }

    /**
     * Applies every stream of the settings, in order.
     *
     * @return what happened to each stream, by name
     * @throws IOException naming the stream and the conflicting setting; earlier streams stay applied
     */
    public static Map<String, Outcome> apply(Connection connection, List<NatsSettings.StreamSpec> streams)
            throws IOException {
        JetStreamManagement jsm = connection.jetStreamManagement();
        Map<String, Outcome> result = new LinkedHashMap<>();
        for (NatsSettings.StreamSpec spec : streams) {
            result.put(spec.name(), apply(jsm, spec));
        }
        return result;
    }

    private static Outcome apply(JetStreamManagement jsm, NatsSettings.StreamSpec spec) throws IOException {
        StreamInfo existing = find(jsm, spec.name());
        checkOverlap(jsm, spec);
        if (existing == null) {
            try {
                jsm.addStream(config(new StreamConfiguration.Builder().name(spec.name())
                        .retentionPolicy(RetentionPolicy.Limits).storageType(storage(spec)), spec));
                LOG.info("NATS stream '{}' created: subjects {}, storage {}, max_age {}, duplicate_window {}",
                        spec.name(), spec.subjects(), spec.storage(), spec.maxAge(), spec.duplicateWindow());
                return Outcome.CREATED;
            } catch (JetStreamApiException e) {
                throw new IOException("cannot create NATS stream '" + spec.name() + "': " + e.getMessage(), e);
            }
        }
        StreamConfiguration have = existing.getConfiguration();
        if (have.getStorageType() != storage(spec)) {
            throw conflict(spec, "storage", have.getStorageType().toString(), storage(spec).toString(),
                    "storage cannot change in place");
        }
        if (have.getRetentionPolicy() != RetentionPolicy.Limits) {
            throw conflict(spec, "retention", have.getRetentionPolicy().toString(), "limits",
                    "retention cannot change in place");
        }
        if (same(have, spec)) {
            LOG.info("NATS stream '{}' exists as configured", spec.name());
            return Outcome.UNCHANGED;
        }
        try {
            jsm.updateStream(config(new StreamConfiguration.Builder(have), spec));
        } catch (JetStreamApiException e) {
            throw new IOException("NATS stream '" + spec.name() + "' exists and the server refused to update it to "
                    + describe(spec) + " (it has " + describe(have) + "): " + e.getMessage()
                    + ". MarketPrism never deletes a stream: change the configuration or migrate the stream by hand",
                    e);
        }
        LOG.info("NATS stream '{}' updated from {} to {}", spec.name(), describe(have), describe(spec));
        return Outcome.UPDATED;
    }

    private static StreamInfo find(JetStreamManagement jsm, String name) throws IOException {
        try {
            return jsm.getStreamInfo(name);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return null;
            }
            throw new IOException("cannot read NATS stream '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The server rejects overlapping subjects too, but its message does not say with which stream. */
    private static void checkOverlap(JetStreamManagement jsm, NatsSettings.StreamSpec spec) throws IOException {
        List<StreamInfo> all;
        try {
            all = jsm.getStreams();
        } catch (JetStreamApiException e) {
            throw new IOException("cannot list NATS streams: " + e.getMessage(), e);
        }
        for (StreamInfo other : all) {
            StreamConfiguration oc = other.getConfiguration();
            if (oc.getName().equals(spec.name())) {
                continue;
            }
            for (String mine : spec.subjects()) {
                for (String theirs : oc.getSubjects()) {
                    if (Subjects.overlap(mine, theirs)) {
                        throw new IOException("NATS stream '" + spec.name() + "': subject '" + mine
                                + "' overlaps subject '" + theirs + "' of existing stream '" + oc.getName()
                                + "': a message may belong to one stream only; narrow one of the subject lists");
                    }
                }
            }
        }
    }

    private static StreamConfiguration config(StreamConfiguration.Builder b, NatsSettings.StreamSpec spec) {
        return b.subjects(spec.subjects()).maxAge(spec.maxAge()).maxBytes(spec.maxBytes())
                .maxMessages(spec.maxMsgs()).duplicateWindow(spec.duplicateWindow()).replicas(spec.replicas())
                .build();
    }

    private static boolean same(StreamConfiguration have, NatsSettings.StreamSpec spec) {
        return new HashSet<>(have.getSubjects()).equals(new HashSet<>(spec.subjects()))
                && Objects.equals(have.getMaxAge(), spec.maxAge())
                && have.getMaxBytes() == spec.maxBytes()
                && have.getMaxMsgs() == spec.maxMsgs()
                && Objects.equals(have.getDuplicateWindow(), spec.duplicateWindow())
                && have.getReplicas() == spec.replicas();
    }

    private static StorageType storage(NatsSettings.StreamSpec spec) {
        return spec.storage() == NatsSettings.Storage.MEMORY ? StorageType.Memory : StorageType.File;
    }

    private static IOException conflict(NatsSettings.StreamSpec spec, String setting, String have, String want,
                                        String why) {
        return new IOException("NATS stream '" + spec.name() + "' exists with " + setting + " " + have
                + " but the configuration asks for " + want + " (" + why + "). MarketPrism never deletes a stream: "
                + "set nats.streams[" + spec.name() + "]." + setting + " to " + have
                + ", use another stream name, or migrate the stream by hand");
    }

    private static String describe(NatsSettings.StreamSpec s) {
        return "subjects " + s.subjects() + ", max_age " + s.maxAge() + ", max_bytes " + s.maxBytes()
                + ", max_msgs " + s.maxMsgs() + ", duplicate_window " + s.duplicateWindow() + ", replicas "
                + s.replicas();
    }

    private static String describe(StreamConfiguration c) {
        return "subjects " + c.getSubjects() + ", max_age " + c.getMaxAge() + ", max_bytes " + c.getMaxBytes()
                + ", max_msgs " + c.getMaxMsgs() + ", duplicate_window " + c.getDuplicateWindow() + ", replicas "
                + c.getReplicas();
    }
}
