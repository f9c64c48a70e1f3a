package dev.tandem.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.chat.jinja.Values;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a chat template renders: the conversation and the options of transformers' {@code apply_chat_template}.
 * Messages are passed to the template as they are: {@code role}, {@code content} (a string, null, or a list of
 * parts such as {@code {"type": "text", "text": ...}}), {@code reasoning_content}, {@code tool_calls} (each
 * {@code {"id", "type": "function", "function": {"name", "arguments"}}}, arguments an object or a JSON string),
 * {@code tool_call_id}, {@code name}; templates decide what to do with each.
 *
 * @param messages            the conversation, oldest first
 * @param tools               tool (function) definitions, or null when the request has none (templates then
 *                            see {@code tools} as none)
 * @param addGenerationPrompt append the opening of an assistant turn
 * @param kwargs              extra template variables ({@code chat_template_kwargs}), e.g. {@code enable_thinking}
 */
public record ChatRequest(List<Map<String, Object>> messages, List<Map<String, Object>> tools,
                          boolean addGenerationPrompt, Map<String, Object> kwargs) {

    public ChatRequest {
        Objects.requireNonNull(messages, "messages");
        messages = Collections.unmodifiableList(new ArrayList<>(messages));
        tools = tools == null ? null : Collections.unmodifiableList(new ArrayList<>(tools));
        kwargs = kwargs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /** A request without tools or extra variables. */
    public static ChatRequest of(List<Map<String, Object>> messages, boolean addGenerationPrompt) {
        return new ChatRequest(messages, null, addGenerationPrompt, Map.of());
    }

    /**
     * A request from JSON as an OpenAI-style API receives it.
     *
     * @param messages an array of message objects
     * @param tools    an array of tool objects, or null / JSON null when absent
     * @param kwargs   an object of extra template variables, or null / JSON null
     * @throws IllegalArgumentException when messages is not an array of objects, or tools/kwargs have the wrong shape
     */
    public static ChatRequest fromJson(JsonNode messages, JsonNode tools, boolean addGenerationPrompt, JsonNode kwargs) {
        return new ChatRequest(objects(messages, "messages"), isAbsent(tools) ? null : objects(tools, "tools"),
                addGenerationPrompt, isAbsent(kwargs) ? Map.of() : object(kwargs, "kwargs"));
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static List<Map<String, Object>> objects(JsonNode array, String what) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException(what + " must be a JSON array of objects");
        }
        List<Map<String, Object>> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            result.add(object(array.get(i), what + "[" + i + "]"));
        }
        return result;
    }

    private static Map<String, Object> object(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, got " + node.getNodeType());
        }
        Map<String, Object> result = new LinkedHashMap<>();
        node.properties().forEach(e -> result.put(e.getKey(), Values.fromJson(e.getValue())));
        return result;
    }
}
