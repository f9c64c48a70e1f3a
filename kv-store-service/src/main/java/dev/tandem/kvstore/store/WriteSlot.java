package dev.tandem.kvstore.store;

import dev.tandem.kvstore.pool.Slot;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;

/**
 * A block being written: a slot reserved for it (private to its writer, invisible to readers
 * until committed) or, when the key was already stored, a duplicate with nothing to write.
 */
public final class WriteSlot {

    private final long id;
    private final BlockKey key;
    private final KvLayout layout;
    private final long length;
    private final Slot slot;
    final long expiresAtNanos;

    WriteSlot(long id, BlockKey key, KvLayout layout, long length, Slot slot, long expiresAtNanos) {
        this.id = id;
        this.key = key;
        this.layout = layout;
        this.length = length;
        this.slot = slot;
        this.expiresAtNanos = expiresAtNanos;
    }

    public long id() {
        return id;
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

    /** The key is stored already: skip the bytes, the put counts as a duplicate. */
    public boolean duplicate() {
        return slot == null;
    }

    /** Offset of the slot in the pool's data area. */
    public long offset() {
        return slot.offset();
    }

    Slot slot() {
        return slot;
    }
}
