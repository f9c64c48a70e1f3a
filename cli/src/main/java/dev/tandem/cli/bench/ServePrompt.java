package dev.tandem.cli.bench;

/**
 * One request of a serving benchmark: a prompt as text or as token ids, and how many tokens to generate.
 *
 * @param text         the prompt text, or null when {@code ids} is the prompt
 * @param ids          the prompt token ids, or null when {@code text} is the prompt (not copied: treat as read-only)
 * @param inputTokens  the prompt length in tokens when known here (ids), else -1: the server's usage tells
 * @param outputTokens {@code max_tokens}; with {@code ignore_eos} exactly the tokens generated
 */
record ServePrompt(String text, int[] ids, int inputTokens, int outputTokens) {

    ServePrompt {
        if ((text == null) == (ids == null)) {
            throw new IllegalArgumentException("a prompt is either text or token ids");
        }
        if (outputTokens < 1) {
            throw new IllegalArgumentException("output_len must be >= 1, got " + outputTokens);
        }
    }

    static ServePrompt ofIds(int[] ids, int outputTokens) {
        return new ServePrompt(null, ids.clone(), ids.length, outputTokens);
    }

    static ServePrompt ofText(String text, int outputTokens) {
        return new ServePrompt(text, null, -1, outputTokens);
    }
}
