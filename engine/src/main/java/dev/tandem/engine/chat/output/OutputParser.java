package dev.tandem.engine.chat.output;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Parses a model's output into an assistant message: first the reasoning split, then tool calls in the
 * content only (a {@code <tool_call>} written while thinking is reasoning text, not a call).
 *
 * <p>Thread-safe as long as its id source is; each output being streamed gets its own
 * {@link #stream()}.
 */
public final class OutputParser {

    private final OutputParsing parsing;
    private final ReasoningParser reasoningParser;
    private final ToolCallParser toolCallParser;

    /** @param toolCallIds source of tool call ids, drawn once per extracted call */
    public OutputParser(OutputParsing parsing, Supplier<String> toolCallIds) {
        this.parsing = Objects.requireNonNull(parsing, "parsing");
        this.reasoningParser = new ReasoningParser(parsing.startsInReasoning());
        this.toolCallParser = new ToolCallParser(toolCallIds);
    }

    /** A parser drawing tool call ids from a secure random source. */
    public OutputParser(OutputParsing parsing) {
        this(parsing, new RandomToolCallIds());
    }

    public OutputParsing parsing() {
        return parsing;
    }

    /** Parses a complete output. */
    public AssistantMessage parse(String text) {
        ReasoningResult split = parsing.reasoning()
                ? reasoningParser.parse(text)
                : new ReasoningResult(null, text);
        if (!parsing.toolCalls()) {
            return new AssistantMessage(split.reasoning(), split.content(), List.of());
        }
        ToolCallResult calls = toolCallParser.parse(split.content());
        return new AssistantMessage(split.reasoning(), calls.content(), calls.toolCalls());
    }

    /** A fresh stream over one output, giving the same result as {@link #parse} once concatenated. */
    public AssistantOutputStream stream() {
        return new AssistantOutputStream(
                parsing.reasoning() ? reasoningParser.stream() : null,
                parsing.toolCalls() ? toolCallParser.stream() : null);
    }
}
