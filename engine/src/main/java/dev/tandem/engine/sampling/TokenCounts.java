package dev.tandem.engine.sampling;

import java.util.Arrays;

/**
 * How often each token id occurred: a small open-addressing int-to-int map that grows with the
 * number of distinct ids, so a sequence's counts cost memory in its length, not the vocabulary.
 */
final class TokenCounts {

    private static final int EMPTY = -1;

    private int[] ids = emptySlots(16);
    private int[] counts = new int[16];
    private int size;

    void increment(int id) {
        if ((size + 1) * 2 > ids.length) {
            grow();
        }
        int slot = slotOf(ids, id);
        if (ids[slot] == EMPTY) {
            ids[slot] = id;
            size++;
        }
        counts[slot]++;
    }

    int get(int id) {
        int slot = slotOf(ids, id);
        return ids[slot] == EMPTY ? 0 : counts[slot];
    }

    int size() {
        return size;
    }

    /** Slots to iterate with {@link #idAt} and {@link #countAt}; empty slots hold id -1. */
    int slots() {
        return ids.length;
    }

    int idAt(int slot) {
        return ids[slot];
    }

    int countAt(int slot) {
        return counts[slot];
    }

    private static int slotOf(int[] ids, int id) {
        int mask = ids.length - 1;
        int hash = id * 0x9E3779B9;
        int slot = (hash ^ (hash >>> 16)) & mask;
        while (ids[slot] != EMPTY && ids[slot] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        int[] oldIds = ids;
        int[] oldCounts = counts;
        ids = emptySlots(oldIds.length * 2);
        counts = new int[oldIds.length * 2];
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != EMPTY) {
                int slot = slotOf(ids, oldIds[i]);
                ids[slot] = oldIds[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    private static int[] emptySlots(int n) {
        int[] slots = new int[n];
        Arrays.fill(slots, EMPTY);
        return slots;
    }
}
