package dev.tandem.engine.tokenizer;

import java.util.Arrays;

/**
 * The BPE merges as an open-addressing hash map from a pair of token ids (packed into a long) to the merge's rank
 * and the id of the merged token (packed into a long as {@code rank << 32 | mergedId}). No boxing on the hot path.
 */
final class MergeTable {

    static final long ABSENT = -1L;

    private final long[] keys;
    private final long[] values;
    private final int mask;
    private final int shift;
    private int size;
    private int maxId = -1;
    /** 0 until computed, then 1 when ranks increase along merges, 2 when they do not. */
    private volatile int monotoneState;

    MergeTable(int expectedMerges) {
        int capacity = Integer.highestOneBit(Math.max(4, expectedMerges) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, ABSENT);
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Records a merge; a later merge of the same pair replaces the earlier one, as in Hugging Face. */
    void put(int left, int right, int rank, int mergedId) {
        long key = pair(left, right);
        int slot = slot(key);
        while (keys[slot] != ABSENT && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == ABSENT) {
            size++;
        }
        keys[slot] = key;
        values[slot] = ((long) rank << 32) | (mergedId & 0xFFFFFFFFL);
        maxId = Math.max(maxId, Math.max(mergedId, Math.max(left, right)));
        monotoneState = 0;
    }

    /**
     * Whether every merge ranks after all merges that create its two parts, as in any trained merge list. Then a
     * merge can only enable merges of higher rank, which lets long words be merged rank by rank.
     */
    boolean ranksIncreaseAlongMerges() {
        int state = monotoneState;
        if (state == 0) {
            state = computeMonotone() ? 1 : 2;
            monotoneState = state;
        }
        return state == 1;
    }

    private boolean computeMonotone() {
        int[] createdAt = new int[maxId + 1];
        java.util.Arrays.fill(createdAt, -1);
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != ABSENT) {
                int merged = mergedId(values[slot]);
                createdAt[merged] = Math.max(createdAt[merged], rank(values[slot]));
            }
        }
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != ABSENT) {
                int rank = rank(values[slot]);
                if (rank <= createdAt[(int) (keys[slot] >>> 32)] || rank <= createdAt[(int) keys[slot]]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code rank << 32 | mergedId} for the pair, or {@link #ABSENT}. */
    long get(int left, int right) {
        long key = pair(left, right);
        int slot = slot(key);
        long k;
        while ((k = keys[slot]) != ABSENT) {
            if (k == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return ABSENT;
    }

    int size() {
        return size;
    }

    static int rank(long entry) {
        return (int) (entry >>> 32);
    }

    static int mergedId(long entry) {
        return (int) entry;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift); // Fibonacci hashing: top bits mix all key bits
    }
}
