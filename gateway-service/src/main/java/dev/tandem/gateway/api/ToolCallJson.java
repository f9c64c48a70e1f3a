package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A tool call as OpenAI writes it: {@code arguments} is a JSON text. {@code index} is present only in streamed
 * chunks, where a call is sent as a first piece with its id, type and name, then pieces of its arguments (null
 * fields are left out).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCallJson(Integer index, String id, String type, Function function) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(String name, String arguments) {
    }

    public static ToolCallJson of(Integer index, String id, String name, String arguments) {
        return new ToolCallJson(index, id, "function", new Function(name, arguments));
    }

    /** The first streamed piece of call {@code index}: id, type and name, arguments still empty. */
    public static ToolCallJson header(int index, String id, String name) {
        return new ToolCallJson(index, id, "function", new Function(name, ""));
    }

    /** A later streamed piece of call {@code index}: more of its arguments. */
    public static ToolCallJson arguments(int index, String arguments) {
        return new ToolCallJson(index, null, null, new Function(null, arguments));
    }
}
