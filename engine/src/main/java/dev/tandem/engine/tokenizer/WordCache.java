package dev.tandem.engine.tokenizer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded, lock-free cache from a pre-tokenized word to its token ids, looked up by a region of a larger text so
 * that a hit allocates nothing. Two-way set associative: a word lives in one of two slots chosen by its hash, and a
 * newcomer evicts one of them when both are taken. Each entry is one int array holding the hash, the word (two
 * chars per int) and the ids, so a hit touches a single object. Entries are filled before they are published with
 * release semantics and read with acquire semantics, so racing threads at worst recompute a word.
 */
final class WordCache {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[][].class);

    /** Words longer than this (in chars) are not cached: they are rare and costly to keep. */
    static final int MAX_WORD_LENGTH = 64;

    private static final int HASH = 0;
    private static final int LENGTH = 1;
    private static final int CHARS = 2;

    /** Entries: {@code [hash, word length, packed chars..., ids...]}. */
    private final int[][] slots;
    /** The hash of each slot's entry, side by side, so a miss costs one cache line instead of two entry loads. */
    private final int[] hashes;
    private final int mask;

    /** @param capacity the number of words kept; rounded up to a power of two, 0 disables the cache */
    WordCache(int capacity) {
        int size = capacity <= 0 ? 0 : Integer.highestOneBit(Math.max(2, capacity) * 2 - 1);
        slots = new int[size][];
        hashes = new int[size];
        mask = size - 2; // the even slot of the pair
    }

    /** The hash {@link #appendTo} and {@link #put} expect for {@code text[start, end)}. */
    static int hash(char[] text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + text[i];
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    /** Appends the cached ids of {@code text[start, end)} to {@code out}; false when the word is not cached. */
    boolean appendTo(char[] text, int start, int end, int hash, IntList out) {
        if (slots.length == 0 || end - start > MAX_WORD_LENGTH) {
            return false;
        }
        int slot = hash & mask;
        for (int s = slot; s <= slot + 1; s++) {
            if (hashes[s] == hash) {
                // may be newer than the hash read: matches() checks the entry's own hash
                int[] entry = (int[]) SLOT.getAcquire(slots, s);
                if (entry != null && matches(entry, text, start, end, hash)) {
                    out.addAll(entry, CHARS + (end - start + 1) / 2, entry.length);
                    return true;
                }
            }
        }
        return false;
    }

    /** Caches the ids of {@code text[start, end)}, which has the given {@link #hash}. */
    void put(char[] text, int start, int end, int hash, int[] ids) {
        int length = end - start;
        if (slots.length == 0 || length > MAX_WORD_LENGTH) {
            return;
        }
        int packed = (length + 1) / 2;
        int[] entry = new int[CHARS + packed + ids.length];
        entry[HASH] = hash;
        entry[LENGTH] = length;
        for (int i = 0; i < length; i++) {
            entry[CHARS + i / 2] |= text[start + i] << ((i & 1) * 16);
        }
        System.arraycopy(ids, 0, entry, CHARS + packed, ids.length);
        int slot = hash & mask;
        int target;
        if (slots[slot] == null) {
            target = slot;
        } else if (slots[slot + 1] == null) {
            target = slot + 1;
        } else {
            target = slot + ((hash >>> 20) & 1);
        }
        SLOT.setRelease(slots, target, entry);
        hashes[target] = hash;
    }

    private static boolean matches(int[] entry, char[] text, int start, int end, int hash) {
        int length = end - start;
        if (entry[HASH] != hash || entry[LENGTH] != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((char) (entry[CHARS + i / 2] >>> ((i & 1) * 16)) != text[start + i]) {
                return false;
            }
        }
        return true;
    }
}
