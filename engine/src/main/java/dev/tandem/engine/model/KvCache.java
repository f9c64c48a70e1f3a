package dev.tandem.engine.model;

import dev.tandem.engine.cache.BlockTable;
import dev.tandem.engine.cache.KvBlockPool;
import dev.tandem.engine.cache.KvLayout;
import dev.tandem.engine.checkpoint.DType;

import java.lang.foreign.MemorySegment;

/**
 * One sequence's KV cache with blocks of its own (f32, in position order): the single-request
 * path and the reference the serving engine's shared, paged cache is tested against. Grows on demand.
 */
public final class KvCache {

    private static final int BLOCK_SIZE = 16;

    private final KvLayout layout;
    private final BlockTable table = new BlockTable();
    private KvBlockPool pool;
    private int length;

    public KvCache(ModelConfig config, int initialCapacity) {
        this.layout = KvLayout.of(config, DType.F32, BLOCK_SIZE);
        this.pool = KvBlockPool.collectable(layout, Math.max(1, layout.blocksFor(initialCapacity)));
        for (int b = 0; b < pool.numBlocks(); b++) {
            table.add(b);
        }
    }

    /** Positions filled so far (the next token's position). */
    public int length() {
        return length;
    }

    KvBlockPool pool() {
        return pool;
    }

    BlockTable table() {
        return table;
    }

    /** Makes room for positions up to {@code newLength}; existing entries are kept. */
    void ensureCapacity(int newLength) {
        int needed = layout.blocksFor(newLength);
        if (needed <= pool.numBlocks()) {
            return;
        }
        KvBlockPool grown = KvBlockPool.collectable(layout, Math.max(needed, pool.numBlocks() * 2));
        MemorySegment.copy(pool.memory(), 0, grown.memory(), 0, pool.memory().byteSize());
        for (int b = pool.numBlocks(); b < grown.numBlocks(); b++) {
            table.add(b);
        }
        pool = grown;
    }

    void advance(int tokens) {
        length += tokens;
    }

    /** Forgets positions from {@code newLength} on (e.g. to re-run a suffix). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of %d positions to %d".formatted(length, newLength));
        }
        length = newLength;
    }
}
