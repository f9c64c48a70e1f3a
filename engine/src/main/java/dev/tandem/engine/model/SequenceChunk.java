package dev.tandem.engine.model;

import dev.tandem.engine.cache.BlockTable;

/**
 * One sequence's share of a forward batch: {@code tokens} at positions {@code start ..}, whose keys
 * and values go to (and whose attention reads from) the blocks of {@code blocks}.
 *
 * @param logits whether the forward pass returns logits for the chunk's last token (a prefill chunk
 *               that does not end its prompt needs none)
 */
public record SequenceChunk(int[] tokens, int start, BlockTable blocks, boolean logits) {

    public SequenceChunk {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a chunk needs at least one token");
        }
        if (start < 0) {
            throw new IllegalArgumentException("start position must be >= 0, got " + start);
        }
    }

    public int end() {
        return start + tokens.length;
    }
}
