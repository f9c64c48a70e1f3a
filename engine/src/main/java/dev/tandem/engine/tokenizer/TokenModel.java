package dev.tandem.engine.tokenizer;

/** The model stage of the pipeline: turns one pre-tokenized word into token ids. Implementations are thread-safe. */
sealed interface TokenModel permits BpeModel, ScoredSentencePieceModel {

    /** Appends the ids of the word {@code text[start, end)} (non-empty) to {@code out}. */
    void encode(char[] text, int start, int end, IntList out);
}
