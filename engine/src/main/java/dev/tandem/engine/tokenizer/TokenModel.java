package dev.tandem.engine.tokenizer;

/** The model stage of the pipeline: turns one pre-tokenized word into token ids. Implementations are thread-safe. */
sealed interface TokenModel permits BpeModel, ScoredSentencePieceModel {

    /** Appends the ids of {@code word} (non-empty) to {@code out}. */
    void encode(String word, IntList out);
}
