package io.marketprism.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How the service listens and behaves. {@code port} 0 picks a free port (tests). Built from the configuration
 * ({@code api.host}, {@code api.port} — {@code API_HOST}, {@code API_PORT} — default 8084 as the original,
 * {@code environment}, {@code health}).
 */
public record ServiceSettings(String host, int port, String environment, HealthPolicy health,
                              Duration pushInterval) {
    public static final int DEFAULT_PORT = 8084;

    public ServiceSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(health, "health");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("API_PORT must be 0..65535 (0 = any free port), was " + port);
        }
        if (pushInterval == null || pushInterval.toMillis() < 50) {
            throw new IllegalArgumentException("dashboard push interval must be >= 50 ms, was " + pushInterval);
        }
    }

    public static ServiceSettings defaults() {
        return new ServiceSettings("0.0.0.0", DEFAULT_PORT, "production", HealthPolicy.defaults(),
                Duration.ofSeconds(1));
    }

    /** For tests: loopback, any free port. */
    public static ServiceSettings loopback() {
        return defaults().withAddress("127.0.0.1", 0);
    }

    public ServiceSettings withAddress(String newHost, int newPort) {
        return new ServiceSettings(newHost, newPort, environment, health, pushInterval);
    }

    public ServiceSettings withHealth(HealthPolicy policy) {
        return new ServiceSettings(host, port, environment, policy, pushInterval);
    }

    public ServiceSettings withPushInterval(Duration interval) {
        return new ServiceSettings(host, port, environment, health, interval);
    }
}
