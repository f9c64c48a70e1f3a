package dev.tandem.protocol.prefill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON form of the prefill messages, the one both sides use: a message body is the record's
 * JSON (field names as the record components); unknown fields are ignored, so a newer publisher
 * can add fields without breaking older workers.
 */
public final class PrefillMessages {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PrefillMessages() {
    }

    public static String toJson(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + message.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    public static PrefillTask task(String json) {
        return read(json, PrefillTask.class);
    }

    public static PrefillCancel cancel(String json) {
        return read(json, PrefillCancel.class);
    }

    public static PrefillLoad load(String json) {
        return read(json, PrefillLoad.class);
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + ": " + cause.getMessage(), e);
        }
    }
}
