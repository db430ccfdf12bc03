package io.marketprism.config;

/**
 * Invalid configuration: the message names the key, the bad value and what is allowed, so start-up can stop with a
 * message the operator can act on.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super("config key '" + key + "': " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
