package dev.tandem.engine.serving;

import dev.tandem.engine.cache.BlockTable;
import dev.tandem.engine.cache.KvBlockPool;
import dev.tandem.engine.cache.KvLayout;

import java.lang.foreign.MemorySegment;

/**
 * One layer's keys and values of one request's positions {@code [from, to)}, just written by the
 * forward pass. A view of the engine's KV pool, valid only during {@link LayerKvSink#onLayer}.
 */
public final class LayerKv {

    private final int layer;
    private final int from;
    private final int to;
    private final KvBlockPool pool;
    private final BlockTable blocks;

    LayerKv(int layer, int from, int to, KvBlockPool pool, BlockTable blocks) {
        this.layer = layer;
        this.from = from;
        this.to = to;
        this.pool = pool;
        this.blocks = blocks;
    }

    public int layer() {
        return layer;
    }

    /** First position written. */
    public int from() {
        return from;
    }

    /** One past the last position written. */
    public int to() {
        return to;
    }

    public KvLayout layout() {
        return pool.layout();
    }

    /**
     * The key ({@code value == false}) or value rows of positions {@code [fromSlot, toSlot)} of
     * the request's block {@code blockIndex}: contiguous, {@code kvHeads * headDim} elements a row.
     */
    public MemorySegment rows(int blockIndex, boolean value, int fromSlot, int toSlot) {
        KvLayout layout = pool.layout();
        if (fromSlot < 0 || toSlot > layout.blockSize() || fromSlot >= toSlot) {
            throw new IndexOutOfBoundsException("slots [%d, %d) of a block of %d".formatted(fromSlot, toSlot, layout.blockSize()));
        }
        long rowBytes = (long) layout.kvDim() * layout.elementBytes();
        return pool.memory().asSlice(pool.offset(blocks.get(blockIndex), layer, value, fromSlot), (toSlot - fromSlot) * rowBytes);
    }
}
