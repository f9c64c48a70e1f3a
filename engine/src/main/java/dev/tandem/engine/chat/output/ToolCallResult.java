package dev.tandem.engine.chat.output;

import java.util.List;

/**
 * Text with its tool calls taken out.
 *
 * @param content   the text outside the tool-call blocks, concatenated; {@code null} when tool calls were
 *                  found and nothing but whitespace is left around them
 * @param toolCalls the calls in order of appearance, possibly empty
 */
public record ToolCallResult(String content, List<ToolCall> toolCalls) {

    public ToolCallResult {
        toolCalls = List.copyOf(toolCalls);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
