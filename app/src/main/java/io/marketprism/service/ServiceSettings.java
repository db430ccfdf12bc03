package io.marketprism.service;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the service listens and behaves. {@code port} 0 picks a free port (tests). From the environment:
 * {@code API_PORT} (default 8084, as the original), {@code API_HOST} (default 0.0.0.0),
 * {@code MARKETPRISM_ENV} (default {@code production}).
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

    /** Reads API_PORT, API_HOST and MARKETPRISM_ENV; a bad value is an error naming the key, value and fix. */
    public static ServiceSettings fromEnvironment(Map<String, String> env) {
        ServiceSettings d = defaults();
        int port = d.port();
        String raw = env.get("API_PORT");
        if (raw != null && !raw.isBlank()) {
            try {
                port = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("API_PORT='" + raw + "' is not a port number: set it to an "
                        + "integer 1..65535 (or 0 for any free port), e.g. API_PORT=8084");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("API_PORT=" + port + " is out of range: set it to 1..65535 "
                        + "(or 0 for any free port), e.g. API_PORT=8084");
            }
        }
        String host = env.getOrDefault("API_HOST", d.host()).trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("API_HOST is empty: set an address to listen on, e.g. 127.0.0.1");
        }
        String environment = env.getOrDefault("MARKETPRISM_ENV", d.environment()).trim();
        return new ServiceSettings(host, port, environment.isEmpty() ? d.environment() : environment, d.health(),
                d.pushInterval());
    }
}
