package io.marketprism.sink.nats;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a stream back for assertions, through an ephemeral ack-none pull consumer. */
public final class NatsTesting {
    private NatsTesting() {
    }

    /** Every message of the stream matching {@code filter}, in stream order (stops after 2 s without new ones). */
    public static List<Message> readAll(Connection connection, String stream, String filter) throws Exception {
        JetStream js = connection.jetStream();
        JetStreamSubscription sub = js.subscribe(filter, PullSubscribeOptions.builder().stream(stream)
                .configuration(ConsumerConfiguration.builder().ackPolicy(AckPolicy.None)
                        .inactiveThreshold(Duration.ofSeconds(30)).build()).build());
        List<Message> out = new ArrayList<>();
        try {
            while (true) {
                List<Message> got = sub.fetch(1000, Duration.ofSeconds(2));
                if (got.isEmpty()) {
                    return out;
                }
                out.addAll(got);
            }
        } finally {
            sub.unsubscribe();
        }
    }

    public static long streamCount(Connection connection, String stream) throws Exception {
        return connection.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
    }
}
