package dev.tandem.engine.cache;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.kernel.Numbers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The KV cache memory: {@code numBlocks} fixed-size blocks in one off-heap segment, allocated once.
 * Which block belongs to whom is the {@link BlockManager}'s business; this class only stores.
 */
public final class KvBlockPool implements AutoCloseable {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final KvLayout layout;
    private final int numBlocks;
    private final Arena arena;
    private final boolean closeable;
    private final MemorySegment memory;

    /** A pool whose memory is freed by {@link #close()}. */
    public KvBlockPool(KvLayout layout, int numBlocks) {
        this(layout, numBlocks, Arena.ofShared(), true);
    }

    private KvBlockPool(KvLayout layout, int numBlocks, Arena arena, boolean closeable) {
        if (numBlocks < 1) {
            throw new IllegalArgumentException("the KV pool needs at least one block, got " + numBlocks);
        }
        this.layout = layout;
        this.numBlocks = numBlocks;
        this.arena = arena;
        this.closeable = closeable;
        this.memory = arena.allocate(layout.blockBytes() * numBlocks, 64);
    }

    /** A pool of as many blocks as fit in {@code bytes}. */
    public static KvBlockPool ofBytes(KvLayout layout, long bytes) {
        return new KvBlockPool(layout, Math.toIntExact(Math.max(1, bytes / layout.blockBytes())));
    }

    /** A pool whose memory the garbage collector frees once it is unreachable (single-sequence caches). */
    public static KvBlockPool collectable(KvLayout layout, int numBlocks) {
        return new KvBlockPool(layout, numBlocks, Arena.ofAuto(), false);
    }

    public KvLayout layout() {
        return layout;
    }

    public int numBlocks() {
        return numBlocks;
    }

    public MemorySegment memory() {
        return memory;
    }

    /** Byte offset in {@link #memory()} of a key or value row. */
    public long offset(int block, int layer, boolean value, int slot) {
        return block * layout.blockBytes() + layout.offset(layer, value, slot);
    }

    /** The bytes of one block (for export to the kv-store). */
    public MemorySegment block(int block) {
        return memory.asSlice(block * layout.blockBytes(), layout.blockBytes());
    }

    /** Stores one position's keys and values of one layer. */
    public void write(int block, int layer, int slot, float[] k, int kOff, float[] v, int vOff) {
        writeRow(offset(block, layer, false, slot), k, kOff);
        writeRow(offset(block, layer, true, slot), v, vOff);
    }

    private void writeRow(long offset, float[] row, int from) {
        int n = layout.kvDim();
        if (layout.dtype() == DType.F32) {
            MemorySegment.copy(row, from, memory, F32, offset, n);
        } else {
            for (int i = 0; i < n; i++) {
                memory.set(I16, offset + 2L * i, Numbers.floatToBf16(row[from + i]));
            }
        }
    }

    /** Copies the listed blocks, in order, into one snapshot of {@code tokens} positions. */
    public KvSnapshot export(BlockTable table, int tokens) {
        int count = layout.blocksFor(tokens);
        byte[] bytes = new byte[Math.toIntExact(count * layout.blockBytes())];
        for (int i = 0; i < count; i++) {
            MemorySegment.copy(block(table.get(i)), 0, MemorySegment.ofArray(bytes), i * layout.blockBytes(), layout.blockBytes());
        }
        return new KvSnapshot(layout, tokens, bytes);
    }

    /**
     * Writes a snapshot's blocks from {@code firstBlock} on into the listed blocks (earlier ones
     * may already hold the same prefix); its layout must be this pool's.
     */
    public void load(KvSnapshot snapshot, BlockTable table, int firstBlock) {
        if (!snapshot.layout().equals(layout)) {
            throw new IllegalArgumentException("KV layout mismatch: the snapshot has %s, this cache %s".formatted(snapshot.layout(), layout));
        }
        for (int i = firstBlock; i < snapshot.blockCount(); i++) {
            MemorySegment.copy(MemorySegment.ofArray(snapshot.blocks()), i * layout.blockBytes(), block(table.get(i)), 0, layout.blockBytes());
        }
    }

    @Override
    public void close() {
        if (closeable) {
            arena.close();
        }
    }
}
