package dev.tandem.engine.chat.output;

import java.util.Objects;

/**
 * A function call the model asked for, in OpenAI's {@code tool_calls} shape.
 *
 * @param id            {@code "call_"} followed by 24 alphanumerics, unique per call
 * @param name          the function's name
 * @param argumentsJson the arguments as a JSON text (OpenAI sends them as a string, not an object)
 */
public record ToolCall(String id, String name, String argumentsJson) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(argumentsJson, "argumentsJson");
    }
}
