package dev.tandem.kvstore.store;

import dev.tandem.kvstore.pool.Slot;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;

/**
 * A committed block: immutable bytes in a pool slot, with the writer's CRC32C. Its pin count and
 * whether it is still indexed are guarded by the store's lock; a block that is dropped while
 * pinned keeps its slot until the last pin goes.
 */
public final class StoredBlock {

    private final BlockKey key;
    private final KvLayout layout;
    private final Slot slot;
    private final long length;
    private final int crc32c;
    int pins;
    boolean dropped;

    StoredBlock(BlockKey key, KvLayout layout, Slot slot, long length, int crc32c) {
        this.key = key;
        this.layout = layout;
        this.slot = slot;
        this.length = length;
        this.crc32c = crc32c;
    }

    public BlockKey key() {
        return key;
    }

    public KvLayout layout() {
        return layout;
    }

    public long length() {
        return length;
    }

    public int crc32c() {
        return crc32c;
    }

    /** Offset of the bytes in the pool's data area. */
    public long offset() {
        return slot.offset();
    }

    Slot slot() {
        return slot;
    }
}
