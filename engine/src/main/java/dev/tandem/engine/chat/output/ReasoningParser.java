package dev.tandem.engine.chat.output;

/**
 * Splits a Qwen3 / DeepSeek-R1 style output, {@code <think>reasoning</think>answer}, into reasoning and
 * content.
 *
 * <p>Rules, shared with {@link ReasoningStream}:
 * <ul>
 *   <li>A {@code <think>} tag opens the reasoning only at the start of the output (leading whitespace
 *       before it is dropped). A {@code <think>} anywhere later is ordinary text.</li>
 *   <li>Without an opening tag the output is all content, unchanged, unless {@code startsInReasoning}
 *       says the prompt already opened the reasoning (a chat template that ends with {@code <think>},
 *       or a model that only emits {@code ...</think>answer}).</li>
 *   <li>Reasoning runs up to the first {@code </think>}; without one, all the rest is reasoning and the
 *       content is empty. The reasoning is stripped of surrounding whitespace (the newlines Qwen3 writes
 *       inside the tags) and reported as {@code null} when nothing is left, as for Qwen3's empty
 *       {@code <think>\n\n</think>} in no-thinking mode.</li>
 *   <li>The content after {@code </think>} loses its leading line breaks ({@code \n}, {@code \r}) and
 *       nothing else, so an answer that starts with indentation keeps it. vLLM's qwen3 parser strips
 *       only the tags; clients expect the {@code "\n\n"} Qwen3 writes after {@code </think>} gone.</li>
 * </ul>
 * With thinking disabled by the template ({@code <think>\n\n</think>\n\n} already in the prompt) the
 * output carries no tags and, with {@code startsInReasoning} false, is all content.
 */
public final class ReasoningParser {

    static final String OPEN = "<think>";
    static final String CLOSE = "</think>";

    private final boolean startsInReasoning;

    /** @param startsInReasoning whether the prompt left a {@code <think>} section open */
    public ReasoningParser(boolean startsInReasoning) {
        this.startsInReasoning = startsInReasoning;
    }

    public boolean startsInReasoning() {
        return startsInReasoning;
    }

    /** Splits a complete output. */
    public ReasoningResult parse(String text) {
        int firstVisible = firstNonWhitespace(text);
        boolean opened = text.startsWith(OPEN, firstVisible);
        if (!opened && !startsInReasoning) {
            return new ReasoningResult(null, text);
        }
        int reasoningStart = opened ? firstVisible + OPEN.length() : 0;
        int close = text.indexOf(CLOSE, reasoningStart);
        if (close < 0) {
            return new ReasoningResult(nullIfEmpty(text.substring(reasoningStart).strip()), "");
        }
        String reasoning = text.substring(reasoningStart, close).strip();
        String content = text.substring(close + CLOSE.length());
        return new ReasoningResult(nullIfEmpty(reasoning), content.substring(leadingLineBreaks(content)));
    }

    /** A fresh stream over one output, following the same rules as {@link #parse}. */
    public ReasoningStream stream() {
        return new ReasoningStream(startsInReasoning);
    }

    static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    static int firstNonWhitespace(CharSequence text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int leadingLineBreaks(String text) {
        int i = 0;
        while (i < text.length() && isLineBreak(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static String nullIfEmpty(String text) {
        return text.isEmpty() ? null : text;
    }
}
