package dev.tandem.kvstore.pool;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Carves the pool's data area into slabs, and a slab into equal slots for one size class (block
 * bytes rounded up to 4 KiB). Memory is set up once; allocating a block takes a slot, freeing it
 * returns the slot, and a slab whose slots are all free goes back to serve any size class. Not
 * thread-safe: the block store calls it under its lock.
 */
public final class SlabAllocator {

    private static final int ALIGN = 4096;

    private final long slabBytes;
    private final Slab[] slabs;
    private final ArrayDeque<Integer> freeSlabs = new ArrayDeque<>();
    private final Map<Integer, LinkedHashSet<Slab>> withFreeSlots = new HashMap<>();
    private long usedBytes;

    public SlabAllocator(long dataBytes, long slabBytes) {
        if (slabBytes < ALIGN || slabBytes % ALIGN != 0) {
            throw new IllegalArgumentException("slab size must be a positive multiple of 4 KiB, got " + slabBytes);
        }
        if (dataBytes < slabBytes) {
            throw new IllegalArgumentException("pool capacity " + dataBytes + " is smaller than one slab of " + slabBytes);
        }
        this.slabBytes = slabBytes;
        this.slabs = new Slab[(int) (dataBytes / slabBytes)];
        for (int i = 0; i < slabs.length; i++) {
            freeSlabs.add(i);
        }
    }

    /** The slot size a block of {@code bytes} takes. */
    public static int slotBytesFor(long bytes) {
        return (int) ((bytes + ALIGN - 1) / ALIGN * ALIGN);
    }

    /** Whether a block of {@code bytes} fits in a slab at all. */
    public boolean fits(long bytes) {
        return bytes > 0 && slotBytesFor(bytes) <= slabBytes;
    }

    /** A free slot for a block of {@code bytes}, or null when its size class has none and no slab is free. */
    public Slot allocate(long bytes) {
        if (!fits(bytes)) {
            throw new IllegalArgumentException("a block of " + bytes + " bytes does not fit in a slab of " + slabBytes);
        }
        int slotBytes = slotBytesFor(bytes);
        LinkedHashSet<Slab> candidates = withFreeSlots.computeIfAbsent(slotBytes, k -> new LinkedHashSet<>());
        Slab slab = candidates.isEmpty() ? null : candidates.getFirst();
        if (slab == null) {
            Integer index = freeSlabs.poll();
            if (index == null) {
                return null;
            }
            slab = slabs[index] = new Slab(index, slotBytes, (int) (slabBytes / slotBytes));
            candidates.add(slab);
        }
        int slotIndex = slab.take();
        if (slab.free == 0) {
            candidates.remove(slab);
        }
        usedBytes += slotBytes;
        return new Slot((long) slab.index * slabBytes + (long) slotIndex * slotBytes, slotBytes, slab.index, slotIndex);
    }

    public void free(Slot slot) {
        Slab slab = slabs[slot.slab()];
        if (slab == null || slab.slotBytes != slot.slotBytes()) {
            throw new IllegalStateException("slot " + slot + " is not allocated");
        }
        slab.give(slot.index());
        usedBytes -= slot.slotBytes();
        LinkedHashSet<Slab> candidates = withFreeSlots.get(slab.slotBytes);
        if (slab.free == slab.slots) {
            candidates.remove(slab);
            slabs[slab.index] = null;
            freeSlabs.add(slab.index);
        } else if (slab.free == 1) {
            candidates.add(slab);
        }
    }

    public long usedBytes() {
        return usedBytes;
    }

    public long capacityBytes() {
        return slabBytes * slabs.length;
    }

    public long slabBytes() {
        return slabBytes;
    }

    /** Whether a slot of this size could be had without freeing anything. */
    public boolean hasRoomFor(long bytes) {
        LinkedHashSet<Slab> candidates = withFreeSlots.get(slotBytesFor(bytes));
        return !freeSlabs.isEmpty() || (candidates != null && !candidates.isEmpty());
    }

    private static final class Slab {
        final int index;
        final int slotBytes;
        final int slots;
        final int[] freeStack;
        final boolean[] used;
        int free;

        Slab(int index, int slotBytes, int slots) {
            this.index = index;
            this.slotBytes = slotBytes;
            this.slots = slots;
            this.freeStack = new int[slots];
            this.used = new boolean[slots];
            for (int i = 0; i < slots; i++) {
                freeStack[i] = slots - 1 - i;
            }
            this.free = slots;
        }

        int take() {
            int slot = freeStack[--free];
            used[slot] = true;
            return slot;
        }

        void give(int slot) {
            if (!used[slot]) {
                throw new IllegalStateException("slot " + slot + " of slab " + index + " freed twice");
            }
            used[slot] = false;
            freeStack[free++] = slot;
        }
    }
}
