package dev.tandem.engine.tokenizer;

/**
 * Applies BPE merges to one word: repeatedly merges the adjacent pair with the lowest merge rank, the leftmost one
 * on ties, until no adjacent pair has a merge. This is exactly the order of Hugging Face's priority-queue
 * {@code Word::merge_all} (without dropout). Short words use a rescan of a rank array (fast for the usual handful
 * of symbols); long words use a linked list with a binary heap, O(n log n), so a megabyte-long word is fine.
 */
final class BpeWordMerger {

    /** Words up to this many symbols use the rescanning merger. */
    static final int SHORT_WORD_LIMIT = 64;

    private BpeWordMerger() {
    }

    /** Merges the symbols {@code ids[0..n)} in place and returns how many remain. */
    static int merge(int[] ids, int n, MergeTable merges) {
        return n <= SHORT_WORD_LIMIT ? mergeShort(ids, n, merges) : mergeLong(ids, n, merges);
    }

    static int mergeShort(int[] ids, int n, MergeTable merges) {
        if (n < 2) {
            return n;
        }
        long[] pairs = new long[n - 1];
        for (int i = 0; i < n - 1; i++) {
            pairs[i] = merges.get(ids[i], ids[i + 1]);
        }
        while (true) {
            int best = -1;
            long bestEntry = Long.MAX_VALUE;
            for (int i = 0; i < n - 1; i++) {
                long entry = pairs[i];
                // ABSENT is -1: unsigned comparison puts it after every real entry
                if (Long.compareUnsigned(entry, bestEntry) < 0) {
                    best = i;
                    bestEntry = entry;
                }
            }
            if (best < 0 || bestEntry == MergeTable.ABSENT) {
                return n;
            }
            ids[best] = MergeTable.mergedId(bestEntry);
            System.arraycopy(ids, best + 2, ids, best + 1, n - best - 2);
            if (n - best - 3 > 0) {
                System.arraycopy(pairs, best + 2, pairs, best + 1, n - best - 3);
            }
            n--;
            if (best < n - 1) {
                pairs[best] = merges.get(ids[best], ids[best + 1]);
            }
            if (best > 0) {
                pairs[best - 1] = merges.get(ids[best - 1], ids[best]);
            }
        }
    }

    static int mergeLong(int[] ids, int n, MergeTable merges) {
        int[] prev = new int[n];
        int[] next = new int[n];
        MinHeap heap = new MinHeap(n);
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            if (i + 1 < n) {
                push(heap, merges.get(ids[i], ids[i + 1]), i);
            }
        }
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int pos = (int) top;
            int rank = (int) (top >>> 32);
            int right = next[pos];
            if (ids[pos] < 0 || right < 0) {
                continue;
            }
            long entry = merges.get(ids[pos], ids[right]);
            if (entry == MergeTable.ABSENT || MergeTable.rank(entry) != rank) {
                continue; // stale: one side was merged since this pair was queued
            }
            ids[pos] = MergeTable.mergedId(entry);
            ids[right] = -1;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                push(heap, merges.get(ids[pos], ids[next[pos]]), pos);
            }
            if (prev[pos] >= 0) {
                push(heap, merges.get(ids[prev[pos]], ids[pos]), prev[pos]);
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (ids[i] >= 0) {
                ids[count++] = ids[i];
            }
        }
        return count;
    }

    private static void push(MinHeap heap, long entry, int position) {
        if (entry != MergeTable.ABSENT) {
            heap.push(((long) MergeTable.rank(entry) << 32) | position);
        }
    }

    /** A binary min-heap of longs ({@code rank << 32 | position}: lowest rank first, then leftmost). */
    private static final class MinHeap {
        private long[] items;
        private int size;

        MinHeap(int capacity) {
            items = new long[Math.max(4, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long item) {
            if (size == items.length) {
                items = java.util.Arrays.copyOf(items, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (items[parent] <= item) {
                    break;
                }
                items[i] = items[parent];
                i = parent;
            }
            items[i] = item;
        }

        long pop() {
            long result = items[0];
            long last = items[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && items[child + 1] < items[child]) {
                    child++;
                }
                if (last <= items[child]) {
                    break;
                }
                items[i] = items[child];
                i = child;
            }
            items[i] = last;
            return result;
        }
    }
}
