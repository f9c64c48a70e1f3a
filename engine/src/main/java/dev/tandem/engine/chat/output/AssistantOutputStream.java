package dev.tandem.engine.chat.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Streaming form of {@link OutputParser}: output deltas go through a {@link ReasoningStream}, and the
 * content it releases through a {@link ToolCallStream}. Either stage is skipped when not configured.
 *
 * <p>One instance serves one output; it is not thread-safe.
 */
public final class AssistantOutputStream {

    private final ReasoningStream reasoning;
    private final ToolCallStream toolCalls;
    private boolean finished;

    /** Either stream may be null, meaning that stage is off. */
    AssistantOutputStream(ReasoningStream reasoning, ToolCallStream toolCalls) {
        this.reasoning = reasoning;
        this.toolCalls = toolCalls;
    }

    /** Feeds the next delta of output text. */
    public AssistantDelta accept(String delta) {
        requireOpen();
        ReasoningStream.Delta split = reasoning == null
                ? new ReasoningStream.Delta("", delta)
                : reasoning.accept(delta);
        if (toolCalls == null) {
            return assemble(split.reasoning(), split.content(), List.of());
        }
        ToolCallStream.Delta calls = toolCalls.accept(split.content());
        return assemble(split.reasoning(), calls.content(), calls.toolCalls());
    }

    /** Ends the output, releasing anything held back; the stream accepts nothing afterwards. */
    public AssistantDelta finish() {
        requireOpen();
        finished = true;
        ReasoningStream.Delta split = reasoning == null ? ReasoningStream.Delta.EMPTY : reasoning.finish();
        if (toolCalls == null) {
            return assemble(split.reasoning(), split.content(), List.of());
        }
        ToolCallStream.Delta last = toolCalls.accept(split.content());
        ToolCallStream.Delta flushed = toolCalls.finish();
        List<StreamedToolCall> calls = new ArrayList<>(last.toolCalls());
        calls.addAll(flushed.toolCalls());
        return assemble(split.reasoning(), last.content() + flushed.content(), calls);
    }

    /** Whether any tool call has been released so far: the gateway's {@code "tool_calls"} finish reason. */
    public boolean producedToolCalls() {
        return toolCalls != null && toolCalls.producedToolCalls();
    }

    private static AssistantDelta assemble(String reasoning, String content, List<StreamedToolCall> calls) {
        if (reasoning.isEmpty() && content.isEmpty() && calls.isEmpty()) {
            return AssistantDelta.EMPTY;
        }
        return new AssistantDelta(reasoning, content, calls);
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
    }
}
