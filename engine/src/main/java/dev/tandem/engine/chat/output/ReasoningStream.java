package dev.tandem.engine.chat.output;

/**
 * Streaming form of {@link ReasoningParser}: fed the output's text deltas in order, it returns the
 * reasoning and content each delta makes final. It holds back text that may still turn out to be a tag
 * ({@code "<th"} at the start, {@code "</thi"} inside the reasoning) and whitespace the non-streaming
 * parser would strip, so that the concatenation of everything it emits, {@link #finish()} included,
 * equals {@link ReasoningParser#parse} of the whole text (an empty reasoning standing for {@code null})
 * however the text is split.
 *
 * <p>One instance serves one output; it is not thread-safe.
 */
public final class ReasoningStream {

    /**
     * What one delta released.
     *
     * @param reasoning reasoning text, never null, empty when none
     * @param content   content text, never null, empty when none
     */
    public record Delta(String reasoning, String content) {

        public static final Delta EMPTY = new Delta("", "");

        public boolean isEmpty() {
            return reasoning.isEmpty() && content.isEmpty();
        }
    }

    private enum Phase {
        /** Not yet known whether the output opens with {@code <think>}. */
        OPENING,
        REASONING,
        /** Just past {@code </think>}: dropping the line breaks that follow it. */
        CONTENT_START,
        CONTENT
    }

    private final boolean startsInReasoning;
    private final StringBuilder pending = new StringBuilder();
    /** Whitespace at the current end of the reasoning, emitted only if more reasoning follows it. */
    private final StringBuilder reasoningTrailingWhitespace = new StringBuilder();
    private boolean reasoningVisible;
    private Phase phase = Phase.OPENING;
    private boolean finished;

    ReasoningStream(boolean startsInReasoning) {
        this.startsInReasoning = startsInReasoning;
    }

    /** Feeds the next delta of output text. */
    public Delta accept(String delta) {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
        pending.append(delta);
        return advance(false);
    }

    /** Ends the output, releasing any text held back; the stream accepts nothing afterwards. */
    public Delta finish() {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
        Delta last = advance(true);
        finished = true;
        return last;
    }

    /** Whether the stream is currently inside the reasoning section (or still deciding at the start). */
    public boolean inReasoning() {
        return phase == Phase.REASONING || (phase == Phase.OPENING && startsInReasoning);
    }

    private Delta advance(boolean end) {
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        boolean progressing = true;
        while (progressing) {
            progressing = switch (phase) {
                case OPENING -> decideOpening(end);
                case REASONING -> consumeReasoning(reasoning, end);
                case CONTENT_START -> skipLineBreaks();
                case CONTENT -> {
                    content.append(pending);
                    pending.setLength(0);
                    yield false;
                }
            };
        }
        if (reasoning.isEmpty() && content.isEmpty()) {
            return Delta.EMPTY;
        }
        return new Delta(reasoning.toString(), content.toString());
    }

    /** Returns whether the phase was decided; otherwise the pending text waits for more. */
    private boolean decideOpening(boolean end) {
        int firstVisible = ReasoningParser.firstNonWhitespace(pending);
        String rest = pending.substring(firstVisible);
        if (rest.startsWith(ReasoningParser.OPEN)) {
            pending.delete(0, firstVisible + ReasoningParser.OPEN.length());
            phase = Phase.REASONING;
            return true;
        }
        boolean mayStillOpen = ReasoningParser.OPEN.startsWith(rest); // also true while all whitespace
        if (mayStillOpen && !end) {
            return false;
        }
        phase = startsInReasoning ? Phase.REASONING : Phase.CONTENT;
        return true;
    }

    /** Returns whether the closing tag was consumed, i.e. whether another phase should run now. */
    private boolean consumeReasoning(StringBuilder reasoning, boolean end) {
        int close = pending.indexOf(ReasoningParser.CLOSE);
        if (close >= 0) {
            appendReasoning(reasoning, pending.substring(0, close));
            pending.delete(0, close + ReasoningParser.CLOSE.length());
            reasoningTrailingWhitespace.setLength(0);
            phase = Phase.CONTENT_START;
            return true;
        }
        int held = end ? 0 : PartialMarker.heldLength(pending, ReasoningParser.CLOSE);
        appendReasoning(reasoning, pending.substring(0, pending.length() - held));
        pending.delete(0, pending.length() - held);
        return false;
    }

    private boolean skipLineBreaks() {
        int breaks = 0;
        while (breaks < pending.length() && ReasoningParser.isLineBreak(pending.charAt(breaks))) {
            breaks++;
        }
        pending.delete(0, breaks);
        if (pending.isEmpty()) {
            return false;
        }
        phase = Phase.CONTENT;
        return true;
    }

    /** Appends reasoning text, dropping leading whitespace and holding back trailing whitespace. */
    private void appendReasoning(StringBuilder reasoning, String text) {
        if (!reasoningVisible) {
            text = text.substring(ReasoningParser.firstNonWhitespace(text));
            if (text.isEmpty()) {
                return;
            }
            reasoningVisible = true;
        }
        int visibleEnd = text.length();
        while (visibleEnd > 0 && Character.isWhitespace(text.charAt(visibleEnd - 1))) {
            visibleEnd--;
        }
        if (visibleEnd == 0) {
            reasoningTrailingWhitespace.append(text);
            return;
        }
        reasoning.append(reasoningTrailingWhitespace).append(text, 0, visibleEnd);
        reasoningTrailingWhitespace.setLength(0);
        reasoningTrailingWhitespace.append(text, visibleEnd, text.length());
    }
}
