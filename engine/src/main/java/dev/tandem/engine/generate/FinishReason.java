package dev.tandem.engine.generate;

/** Why generation ended, in OpenAI's words. */
public enum FinishReason {
    /** An end-of-sequence or stop token was produced. */
    STOP,
    /** {@code max_tokens} was reached. */
    LENGTH;

    public String openAiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
