package dev.tandem.engine.chat.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Streaming form of {@link ToolCallParser}, fed content deltas in order.
 *
 * <p>Text outside tool-call blocks is released at once, except a suffix that may be the start of
 * {@code <tool_call>}. Inside a block the text is buffered until {@code </tool_call>}; the block is then
 * released whole, as one complete {@link StreamedToolCall} or, when its body is malformed, as content.
 * A block still open at {@link #finish()} is released as content.
 *
 * <p>Whitespace-only content is held back until visible content follows it: if the output turns out to
 * be tool calls with only whitespace around them, that whitespace is never sent, matching the
 * {@code null} content of the non-streaming result. The concatenation of everything a stream releases
 * thus equals {@link ToolCallParser#parse} of the whole text (an empty content standing for
 * {@code null}), however the text is split.
 *
 * <p>One instance serves one output; it is not thread-safe.
 */
public final class ToolCallStream {

    /**
     * What one delta released.
     *
     * @param content   content text, never null, empty when none
     * @param toolCalls calls completed by this delta, possibly empty
     */
    public record Delta(String content, List<StreamedToolCall> toolCalls) {

        public static final Delta EMPTY = new Delta("", List.of());

        public Delta {
            Objects.requireNonNull(content, "content");
            toolCalls = List.copyOf(toolCalls);
        }

        public boolean isEmpty() {
            return content.isEmpty() && toolCalls.isEmpty();
        }
    }

    private final Supplier<String> ids;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder heldWhitespace = new StringBuilder();
    private boolean insideBlock;
    /** Inside a block: where the search for the closing tag resumes. */
    private int closeSearchFrom;
    private boolean contentVisible;
    private int callCount;
    private boolean finished;

    ToolCallStream(Supplier<String> ids) {
        this.ids = ids;
    }

    /** Feeds the next delta of content text. */
    public Delta accept(String delta) {
        requireOpen();
        pending.append(delta);
        return advance(false);
    }

    /** Ends the output, releasing anything held back; the stream accepts nothing afterwards. */
    public Delta finish() {
        requireOpen();
        Delta last = advance(true);
        finished = true;
        return last;
    }

    /** Whether any tool call has been released so far. */
    public boolean producedToolCalls() {
        return callCount > 0;
    }

    private Delta advance(boolean end) {
        StringBuilder content = new StringBuilder();
        List<StreamedToolCall> calls = new ArrayList<>();
        boolean progressing = true;
        while (progressing) {
            progressing = insideBlock ? consumeBlock(content, calls, end) : consumeText(content, end);
        }
        if (end && !contentVisible && callCount == 0) {
            content.append(heldWhitespace);
        }
        if (content.isEmpty() && calls.isEmpty()) {
            return Delta.EMPTY;
        }
        return new Delta(content.toString(), calls);
    }

    /** Returns whether a block was opened, i.e. whether there is more to consume now. */
    private boolean consumeText(StringBuilder content, boolean end) {
        int open = pending.indexOf(ToolCallBlock.OPEN);
        if (open >= 0) {
            emitContent(content, pending.substring(0, open));
            pending.delete(0, open + ToolCallBlock.OPEN.length());
            insideBlock = true;
            closeSearchFrom = 0;
            return true;
        }
        int held = end ? 0 : PartialMarker.heldLength(pending, ToolCallBlock.OPEN);
        emitContent(content, pending.substring(0, pending.length() - held));
        pending.delete(0, pending.length() - held);
        return false;
    }

    /** Returns whether the block was closed, i.e. whether there is more to consume now. */
    private boolean consumeBlock(StringBuilder content, List<StreamedToolCall> calls, boolean end) {
        int close = pending.indexOf(ToolCallBlock.CLOSE, closeSearchFrom);
        if (close < 0) {
            if (end) {
                emitContent(content, ToolCallBlock.OPEN + pending);
                pending.setLength(0);
                insideBlock = false;
            } else {
                // the closing tag may straddle this delta and the next
                closeSearchFrom = Math.max(0, pending.length() - ToolCallBlock.CLOSE.length() + 1);
            }
            return false;
        }
        String body = pending.substring(0, close);
        ToolCallBlock.parse(body, ids).ifPresentOrElse(
                call -> calls.add(new StreamedToolCall(callCount++, call)),
                () -> emitContent(content, ToolCallBlock.OPEN + body + ToolCallBlock.CLOSE));
        pending.delete(0, close + ToolCallBlock.CLOSE.length());
        insideBlock = false;
        return true;
    }

    private void emitContent(StringBuilder content, String text) {
        if (contentVisible) {
            content.append(text);
        } else if (text.isBlank()) {
            heldWhitespace.append(text);
        } else {
            content.append(heldWhitespace).append(text);
            heldWhitespace.setLength(0);
            contentVisible = true;
        }
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
    }
}
