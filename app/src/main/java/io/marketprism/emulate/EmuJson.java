package io.marketprism.emulate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketprism.venue.Json;
import java.math.BigDecimal;

/** JSON for the emulator's frames: decimals are written in plain notation with their scale, never as doubles. */
final class EmuJson {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper().copy()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private EmuJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Parses a client message; null when it is not JSON (the caller answers with the venue's error). */
    static JsonNode parseOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Plain text of a decimal keeping its scale ({@code 0.10} stays {@code 0.10}). */
    static String text(BigDecimal v) {
        return v.toPlainString();
    }
}
