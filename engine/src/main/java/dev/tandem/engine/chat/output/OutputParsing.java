package dev.tandem.engine.chat.output;

/**
 * Which structure to parse out of a model's output.
 *
 * @param reasoning         split off a {@code <think>} section (see {@link ReasoningParser})
 * @param startsInReasoning the prompt left the {@code <think>} section open; requires {@code reasoning}
 * @param toolCalls         extract {@code <tool_call>} blocks from the content (see {@link ToolCallParser})
 */
public record OutputParsing(boolean reasoning, boolean startsInReasoning, boolean toolCalls) {

    /** Output taken as plain content. */
    public static final OutputParsing NONE = new OutputParsing(false, false, false);

    public OutputParsing {
        if (startsInReasoning && !reasoning) {
            throw new IllegalArgumentException("startsInReasoning needs reasoning parsing enabled");
        }
    }
}
