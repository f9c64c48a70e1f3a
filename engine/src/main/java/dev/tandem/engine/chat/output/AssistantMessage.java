package dev.tandem.engine.chat.output;

import java.util.List;

/**
 * A complete model output parsed into an OpenAI assistant message.
 *
 * @param reasoning {@code reasoning_content}: null when there was none
 * @param content   {@code content}: null only when tool calls were extracted and no visible text is left
 * @param toolCalls {@code tool_calls}, possibly empty
 */
public record AssistantMessage(String reasoning, String content, List<ToolCall> toolCalls) {

    public AssistantMessage {
        toolCalls = List.copyOf(toolCalls);
    }

    /** Whether the gateway should report {@code finish_reason: "tool_calls"}. */
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
