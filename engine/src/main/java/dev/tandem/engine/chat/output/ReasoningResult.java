package dev.tandem.engine.chat.output;

import java.util.Objects;

/**
 * A model output split into its reasoning and its answer.
 *
 * @param reasoning the text of the {@code <think>} section with surrounding whitespace stripped, or
 *                  {@code null} when the output had no reasoning section or it was blank
 * @param content   the answer; never null, empty when the output was all reasoning
 */
public record ReasoningResult(String reasoning, String content) {

    public ReasoningResult {
        Objects.requireNonNull(content, "content");
    }
}
