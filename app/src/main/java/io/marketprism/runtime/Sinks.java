package io.marketprism.runtime;

import io.marketprism.config.MarketPrismConfig;
import io.marketprism.pipeline.BatchSink;
import io.marketprism.sink.SinkUri;
import io.marketprism.sink.clickhouse.ClickHouseSettings;
import io.marketprism.sink.clickhouse.ClickHouseSink;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens the configured sinks with the configuration's credentials: {@code nats://} sinks use the {@code nats}
 * section (auth, TLS, streams, modes) with the URI's server; {@code clickhouse:} sinks take user and password from
 * the {@code clickhouse} section, else {@code CLICKHOUSE_USER}/{@code CLICKHOUSE_PASSWORD}; the rest as
 * {@link SinkUri} opens them. On failure the sinks already opened are closed.
 */
public final class Sinks {
    private Sinks() {
    }

    public static List<BatchSink> open(MarketPrismConfig config, Map<String, String> env) throws IOException {
        List<BatchSink> out = new ArrayList<>();
        try {
            for (String uri : config.sinks()) {
                out.add(open(uri, config, env));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            for (BatchSink s : out) {
                try {
                    s.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    static BatchSink open(String uri, MarketPrismConfig config, Map<String, String> env) throws IOException {
        if (uri.startsWith("nats://") || uri.startsWith("tls://")) {
            return SinkUri.nats(SinkUri.natsOptions(config.nats(), uri));
        }
        if (uri.startsWith(ClickHouseSettings.SCHEME)) {
            String user = config.clickhouseUser() != null ? config.clickhouseUser() : env.get("CLICKHOUSE_USER");
            String password = config.clickhousePassword() != null ? config.clickhousePassword()
                    : env.get("CLICKHOUSE_PASSWORD");
            return ClickHouseSink.open(ClickHouseSettings.fromSinkUri(uri, user, password), Clock.systemUTC());
        }
        return SinkUri.open(uri);
    }
}
