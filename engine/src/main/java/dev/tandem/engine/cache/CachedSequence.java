package dev.tandem.engine.cache;

/**
 * What the {@link BlockManager} needs to know of a sequence: its tokens so far, its block table,
 * and how many leading tokens' KV it holds.
 */
public interface CachedSequence {

    /** Token ids so far (prompt and generated); only the first {@link #length()} are valid. */
    int[] tokens();

    int length();

    BlockTable blockTable();

    /** Leading tokens whose KV is computed and in the blocks. */
    int computedTokens();

    void setComputedTokens(int tokens);
}
