package dev.tandem.engine.chat.output;

import java.util.List;
import java.util.Objects;

/**
 * What one output delta released, in the shape of an OpenAI streaming chunk's {@code delta}.
 *
 * @param reasoning reasoning text, never null, empty when none
 * @param content   content text, never null, empty when none
 * @param toolCalls tool calls completed by this delta, possibly empty
 */
public record AssistantDelta(String reasoning, String content, List<StreamedToolCall> toolCalls) {

    public static final AssistantDelta EMPTY = new AssistantDelta("", "", List.of());

    public AssistantDelta {
        Objects.requireNonNull(reasoning, "reasoning");
        Objects.requireNonNull(content, "content");
        toolCalls = List.copyOf(toolCalls);
    }

    /** Whether there is nothing to send. */
    public boolean isEmpty() {
        return reasoning.isEmpty() && content.isEmpty() && toolCalls.isEmpty();
    }
}
