package dev.tandem.engine.chat.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Hermes / Qwen3 tool-call block, {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>},
 * and the reading of its JSON body.
 *
 * <p>A body is a call when it is exactly one JSON object (whitespace around it allowed) with a
 * non-blank string {@code "name"}. Its arguments are taken from {@code "arguments"}, or from
 * {@code "parameters"} which some Hermes-style fine-tunes write instead:
 * <ul>
 *   <li>an object is re-serialized as compact JSON (key order kept, decimal numbers kept exactly);</li>
 *   <li>a string is taken as already being the JSON text of the arguments and kept exactly as given;</li>
 *   <li>absent or {@code null} means no arguments, {@code "{}"};</li>
 *   <li>anything else (a number, an array, ...) makes the body malformed.</li>
 * </ul>
 * A malformed body is not a call: the parsers leave the whole block, tags included, in the content.
 */
final class ToolCallBlock {

    static final String OPEN = "<tool_call>";
    static final String CLOSE = "</tool_call>";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private ToolCallBlock() {
    }

    /** Reads the text between the tags; an id is drawn only when the body is a call. */
    static Optional<ToolCall> parse(String body, Supplier<String> ids) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException malformed) {
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode name = root.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            return Optional.empty();
        }
        JsonNode arguments = root.has("arguments") ? root.get("arguments") : root.get("parameters");
        Optional<String> argumentsJson = argumentsJson(arguments);
        return argumentsJson.map(json -> new ToolCall(ids.get(), name.asText(), json));
    }

    private static Optional<String> argumentsJson(JsonNode arguments) {
        if (arguments == null || arguments.isNull()) {
            return Optional.of("{}");
        }
        if (arguments.isTextual()) {
            return Optional.of(arguments.asText());
        }
        if (!arguments.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.writeValueAsString(arguments));
        } catch (JsonProcessingException unwritable) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", unwritable);
        }
    }
}
