package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tool call as OpenAI writes it: {@code arguments} is a JSON text. {@code index} is present only in streamed
 * chunks.
 */
public record ToolCallJson(@JsonInclude(JsonInclude.Include.NON_NULL) Integer index, String id, String type,
                           Function function) {

    public record Function(String name, String arguments) {
    }

    public static ToolCallJson of(Integer index, String id, String name, String arguments) {
        return new ToolCallJson(index, id, "function", new Function(name, arguments));
    }
}
