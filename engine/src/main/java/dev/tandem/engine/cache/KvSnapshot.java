package dev.tandem.engine.cache;

import java.util.Arrays;

/**
 * A sequence's KV for its first {@code tokens} positions, as the bytes of its blocks in order
 * (the last one possibly partly filled), with the layout that gives them meaning: the unit a
 * prefill worker hands to a decode worker through the kv-store.
 */
public record KvSnapshot(KvLayout layout, int tokens, byte[] blocks) {

    public KvSnapshot {
        if (tokens < 1) {
            throw new IllegalArgumentException("a KV snapshot holds at least one position, got " + tokens);
        }
        long expected = layout.blocksFor(tokens) * layout.blockBytes();
        if (blocks.length != expected) {
            throw new IllegalArgumentException("%d positions in %s need %d bytes, got %d".formatted(tokens, layout, expected, blocks.length));
        }
    }

    public int blockCount() {
        return layout.blocksFor(tokens);
    }

    /** The bytes of block {@code index}. */
    public byte[] block(int index) {
        int size = Math.toIntExact(layout.blockBytes());
        return Arrays.copyOfRange(blocks, index * size, (index + 1) * size);
    }
}
