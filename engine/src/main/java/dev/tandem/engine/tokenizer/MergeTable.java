package dev.tandem.engine.tokenizer;

import java.util.Arrays;

/**
 * The BPE merges as an open-addressing hash map from a pair of token ids (packed into a long) to the merge's rank
 * and the id of the merged token (packed into a long as {@code rank << 32 | mergedId}). Keys and values are
 * interleaved in one array so that a probe usually touches a single cache line; no boxing on the hot path. Pairs of
 * ids below 256 (the byte tokens of GPT-2-style vocabularies, where every word starts) also sit in a dense table.
 */
final class MergeTable {

    static final long ABSENT = -1L;

    private static final int DENSE_IDS = 256;

    /** Entries of the pairs whose ids are both below {@link #DENSE_IDS}, indexed by {@code left << 8 | right}. */
    private final long[] dense = new long[DENSE_IDS * DENSE_IDS];
    /** {@code [key0, value0, key1, value1, ...]}. */
    private long[] table;
    private int mask;
    private int shift;
    private int size;
    private int maxId = -1;
    /** 0 until computed, then 1 when ranks increase along merges, 2 when they do not. */
    private volatile int monotoneState;

    MergeTable(int expectedMerges) {
        Arrays.fill(dense, ABSENT);
        allocate(Integer.highestOneBit(Math.max(4, expectedMerges * 5 / 3) - 1) << 1); // load factor <= 0.6
    }

    private void allocate(int capacity) {
        table = new long[2 * capacity];
        Arrays.fill(table, ABSENT);
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Records a merge; a later merge of the same pair replaces the earlier one, as in Hugging Face. */
    void put(int left, int right, int rank, int mergedId) {
        if (size + 1 > (mask + 1) * 3 / 4) {
            grow();
        }
        long key = pair(left, right);
        int slot = slot(key);
        while (table[2 * slot] != ABSENT && table[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        if (table[2 * slot] == ABSENT) {
            size++;
        }
        table[2 * slot] = key;
        table[2 * slot + 1] = ((long) rank << 32) | (mergedId & 0xFFFFFFFFL);
        if (((left | right) & -DENSE_IDS) == 0) {
            dense[left * DENSE_IDS + right] = table[2 * slot + 1];
        }
        maxId = Math.max(maxId, Math.max(mergedId, Math.max(left, right)));
        monotoneState = 0;
    }

    private void grow() {
        long[] old = table;
        allocate(2 * (mask + 1));
        size = 0;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != ABSENT) {
                int slot = slot(old[i]);
                while (table[2 * slot] != ABSENT) {
                    slot = (slot + 1) & mask;
                }
                table[2 * slot] = old[i];
                table[2 * slot + 1] = old[i + 1];
                size++;
            }
        }
    }

    /** {@code rank << 32 | mergedId} for the pair, or {@link #ABSENT}. */
    long get(int left, int right) {
        if (((left | right) & -DENSE_IDS) == 0) {
            return dense[left * DENSE_IDS + right];
        }
        long key = pair(left, right);
        int slot = slot(key);
        long k;
        while ((k = table[2 * slot]) != ABSENT) {
            if (k == key) {
                return table[2 * slot + 1];
            }
            slot = (slot + 1) & mask;
        }
        return ABSENT;
    }

    static int rank(long entry) {
        return (int) (entry >>> 32);
    }

    static int mergedId(long entry) {
        return (int) entry;
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
        Arrays.fill(createdAt, -1);
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != ABSENT) {
                int merged = mergedId(table[i + 1]);
                createdAt[merged] = Math.max(createdAt[merged], rank(table[i + 1]));
            }
        }
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != ABSENT) {
                int rank = rank(table[i + 1]);
                if (rank <= createdAt[(int) (table[i] >>> 32)] || rank <= createdAt[(int) table[i]]) {
                    return false;
                }
            }
        }
        return true;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift); // Fibonacci hashing: top bits mix all key bits
    }
}
