package dev.tandem.engine.tokenizer;

/**
 * Decodes a stream of token ids one at a time, returning only the new text. The concatenation of everything
 * {@link #next} and {@link #flush} return equals {@code tokenizer.decode(allIds, skipSpecialTokens)}.
 *
 * <p>It follows Hugging Face's {@code DecodeStream}: it keeps a short window of recent ids, decodes the window with
 * and without the new id and returns the difference. Text ending in U+FFFD (an incomplete UTF-8 sequence, e.g. the
 * first byte token of an emoji) is held back until a later id completes it, so no broken character is emitted.
 * Because the window always starts at an earlier token, decoders that treat the first token specially (the
 * SentencePiece leading-space {@code Strip}) only affect the first token of the whole output.
 *
 * <p>With a byte-fallback decoder, a run of {@code <0xXX>} tokens decodes as a whole (valid UTF-8, or one U+FFFD
 * per byte), so one more byte token can change the text of the entire run; such runs are held back until a token
 * that is not a byte ends them. Not thread-safe.
 */
public final class IncrementalDetokenizer {

    private final Tokenizer tokenizer;
    private final TokenizerPipeline pipeline;
    private final boolean skipSpecialTokens;
    private final IntList window = new IntList();
    private String prefix = "";
    private int prefixIndex;
    private boolean inByteRun;
    private boolean flushed;

    IncrementalDetokenizer(Tokenizer tokenizer, TokenizerPipeline pipeline, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.pipeline = pipeline;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /** Feeds one id; returns the text it completes (possibly empty while a character is incomplete). */
    public String next(int id) {
        if (flushed) {
            throw new IllegalStateException("the stream was flushed: start a new detokenizer for more ids");
        }
        tokenizer.token(id); // fails on an unknown id before the state changes
        if (prefix.isEmpty() && window.size() > 0 && !inByteRun) {
            String newPrefix = decodeWindow();
            if (!endsWithReplacement(newPrefix)) {
                prefix = newPrefix;
                prefixIndex = window.size();
            }
        }
        window.add(id);
        if (!(skipSpecialTokens && tokenizer.isSpecial(id))) {
            inByteRun = pipeline.isProvisionalByte(id);
        }
        if (inByteRun) {
            return "";
        }
        String text = decodeWindow();
        if (text.length() > prefix.length() && !endsWithReplacement(text)) {
            return advance(text, id);
        }
        return "";
    }

    /**
     * Ends the stream and returns the text still held back: an incomplete character at the end decodes to U+FFFD,
     * exactly as {@code decode} would. Further calls to {@link #next} fail.
     */
    public String flush() {
        if (flushed) {
            return "";
        }
        flushed = true;
        String text = decodeWindow();
        if (text.length() > prefix.length()) {
            return advance(text, -1);
        }
        return "";
    }

    private String advance(String text, int id) {
        if (!text.startsWith(prefix)) {
            throw new IllegalStateException("incremental decoding diverged at token " + id + ": window text \""
                    + text + "\" does not extend the previous text \"" + prefix + "\"");
        }
        String delta = text.substring(prefix.length());
        int newPrefixIndex = window.size() - prefixIndex;
        window.removeFirst(prefixIndex);
        prefix = decodeWindow();
        prefixIndex = newPrefixIndex;
        return delta;
    }

    private String decodeWindow() {
        return tokenizer.decode(window.toArray(), skipSpecialTokens);
    }

    private static boolean endsWithReplacement(String text) {
        return !text.isEmpty() && text.charAt(text.length() - 1) == Utf8Codec.REPLACEMENT;
    }
}
