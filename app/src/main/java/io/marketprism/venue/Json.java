package io.marketprism.venue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.marketprism.model.Decimals;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reading venue JSON exactly, one mechanism for every adapter. Numbers keep their digits (JSON floats become
 * {@link BigDecimal} with the text's scale, never {@code double}); decimal strings are parsed as they are.
 * Missing required fields raise {@link MalformedFrameException} naming the field.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a frame's payload; bad JSON becomes a {@link MalformedFrameException}. */
    public static JsonNode parse(byte[] payload) {
        try {
            JsonNode node = MAPPER.readTree(payload);
            if (node == null || node.isMissingNode()) {
                throw new MalformedFrameException("empty frame");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedFrameException("invalid JSON: " + reason(e), e);
        }
    }

    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new MalformedFrameException("empty frame");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedFrameException("invalid JSON: " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : String.valueOf(e.getMessage());
    }

    /** The field, which must be present and not null. */
    public static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedFrameException("missing field '" + field + "'");
        }
        return v;
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = required(node, field);
        if (!v.isValueNode()) {
            throw new MalformedFrameException("field '" + field + "' is not a value");
        }
        return v.asText();
    }

    /** The text of an optional field; null when absent, null or empty. */
    public static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    /** A decimal from a JSON string ("0.35210000") or number (0.583), exactly as written. */
    public static BigDecimal decimal(JsonNode node, String field) {
        BigDecimal d = decimalOrNull(node, field);
        if (d == null) {
            throw new MalformedFrameException("missing field '" + field + "'");
        }
        return d;
    }

    public static BigDecimal decimalOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null ? null : decimalValue(v, field);
    }

    /** A decimal from a value node (string or number); null for JSON null or the empty string. */
    public static BigDecimal decimalValue(JsonNode v, String what) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual()) {
            String s = v.textValue();
            if (s.isEmpty()) {
                return null;
            }
            try {
                return Decimals.parse(s);
            } catch (NumberFormatException e) {
                throw new MalformedFrameException("field '" + what + "' is not a decimal: '" + s + "'");
            }
        }
        throw new MalformedFrameException("field '" + what + "' is not a number");
    }

    /** A long from a JSON number or numeric string (OKX sends times as strings). */
    public static long longValue(JsonNode node, String field) {
        Long v = longOrNull(node, field);
        if (v == null) {
            throw new MalformedFrameException("missing field '" + field + "'");
        }
        return v;
    }

    public static Long longOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            String s = v.textValue();
            if (s.isEmpty()) {
                return null;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new MalformedFrameException("field '" + field + "' is not an integer: '" + s + "'");
            }
        }
        throw new MalformedFrameException("field '" + field + "' is not an integer");
    }

    /** Milliseconds since the epoch to the records' microseconds. */
    public static long msToMicros(long ms) {
        return Math.multiplyExact(ms, 1000L);
    }
}
