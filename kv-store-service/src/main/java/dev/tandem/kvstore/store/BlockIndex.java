package dev.tandem.kvstore.store;

import dev.tandem.kvstore.pool.SlabAllocator;
import dev.tandem.kvstore.pool.Slot;
import dev.tandem.protocol.kv.BlockKey;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The committed blocks, their pins and their LRU order, over the slab allocator. Only unpinned
 * blocks are in the LRU list, so eviction never sees a leased block. Not thread-safe: the block
 * store calls it under its lock.
 */
final class BlockIndex {

    private final SlabAllocator allocator;
    private final StoreMetrics metrics;
    private final Map<BlockKey, StoredBlock> blocks = new HashMap<>();
    /** Unpinned blocks, least recently used first. */
    private final LinkedHashMap<BlockKey, StoredBlock> evictable = new LinkedHashMap<>();

    BlockIndex(SlabAllocator allocator, StoreMetrics metrics) {
        this.allocator = allocator;
        this.metrics = metrics;
    }

    StoredBlock get(BlockKey key) {
        return blocks.get(key);
    }

    void insert(StoredBlock block) {
        blocks.put(block.key(), block);
        evictable.put(block.key(), block);
    }

    void pin(StoredBlock block) {
        if (block.pins++ == 0 && !block.dropped) {
            evictable.remove(block.key());
        }
    }

    /** Drops a pin; the last pin of a dropped block frees its slot, of a live one makes it most recently used. */
    void unpin(StoredBlock block) {
        if (--block.pins > 0) {
            return;
        }
        if (block.dropped) {
            allocator.free(block.slot());
        } else {
            evictable.put(block.key(), block);
        }
    }

    /** Removes a block from the index (it failed its checksum); its slot goes when the last pin does. */
    void drop(StoredBlock block) {
        if (block.dropped) {
            return;
        }
        block.dropped = true;
        blocks.remove(block.key(), block);
        if (block.pins == 0) {
            evictable.remove(block.key());
            allocator.free(block.slot());
        }
    }

    /**
     * A slot for {@code bytes}, evicting least recently used unpinned blocks as needed: first of the
     * same size class (one such eviction is enough), then of any class until a slab frees up.
     * Null when everything that could make room is pinned.
     */
    Slot allocate(long bytes) {
        Slot slot = allocator.allocate(bytes);
        if (slot != null) {
            return slot;
        }
        int slotBytes = SlabAllocator.slotBytesFor(bytes);
        for (Iterator<StoredBlock> it = evictable.values().iterator(); it.hasNext(); ) {
            StoredBlock b = it.next();
            if (b.slot().slotBytes() == slotBytes) {
                it.remove();
                evict(b);
                return allocator.allocate(bytes);
            }
        }
        while (!evictable.isEmpty()) {
            evict(evictable.pollFirstEntry().getValue());
            if (allocator.hasRoomFor(bytes)) {
                return allocator.allocate(bytes);
            }
        }
        return null;
    }

    /** When usage is at or above {@code high}, evicts least recently used blocks down to {@code low}. */
    void evictToWatermark(double high, double low) {
        long capacity = allocator.capacityBytes();
        if (allocator.usedBytes() < high * capacity) {
            return;
        }
        while (allocator.usedBytes() > low * capacity && !evictable.isEmpty()) {
            evict(evictable.pollFirstEntry().getValue());
        }
    }

    void free(Slot slot) {
        allocator.free(slot);
    }

    boolean fits(long bytes) {
        return allocator.fits(bytes);
    }

    int size() {
        return blocks.size();
    }

    int pinnedCount() {
        return blocks.size() - evictable.size();
    }

    long usedBytes() {
        return allocator.usedBytes();
    }

    long capacityBytes() {
        return allocator.capacityBytes();
    }

    private void evict(StoredBlock block) {
        blocks.remove(block.key());
        block.dropped = true;
        allocator.free(block.slot());
        metrics.evicted();
    }
}
