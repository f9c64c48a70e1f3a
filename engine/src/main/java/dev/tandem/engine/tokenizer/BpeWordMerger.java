package dev.tandem.engine.tokenizer;

/**
 * Applies BPE merges to one word: repeatedly merges the adjacent pair with the lowest merge rank, the leftmost one
 * on ties, until no adjacent pair has a merge. This is exactly the order of Hugging Face's priority-queue
 * {@code Word::merge_all} (without dropout). Short words use a rescan of a rank array (fast for the usual handful
 * of symbols). Long words use a linked list: with a trained merge list (ranks increase along merges) the pairs are
 * processed rank by rank from buckets, otherwise through a binary heap; both are O(n log n) at worst, so a
 * megabyte-long word is fine.
 */
final class BpeWordMerger {

    /** Words up to this many symbols use the rescanning merger. */
    static final int SHORT_WORD_LIMIT = 64;

    private BpeWordMerger() {
    }

    /** Merges the symbols {@code ids[0..n)} in place and returns how many remain. */
    static int merge(int[] ids, int n, MergeTable merges) {
        if (n <= SHORT_WORD_LIMIT) {
            return mergeShort(ids, n, merges);
        }
        return merges.ranksIncreaseAlongMerges() ? mergeRankByRank(ids, n, merges) : mergeLong(ids, n, merges);
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
        LongMinHeap heap = new LongMinHeap(n);
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

    private static void push(LongMinHeap heap, long entry, int position) {
        if (entry != MergeTable.ABSENT) {
            heap.push(((long) MergeTable.rank(entry) << 32) | position);
        }
    }

    /**
     * For merge lists whose ranks increase along merges: a merge of rank r only creates pairs of rank above r, so
     * all pairs of the lowest pending rank can be taken together, in position order, from a bucket.
     */
    static int mergeRankByRank(int[] ids, int n, MergeTable merges) {
        int[] prev = new int[n];
        int[] next = new int[n];
        RankBuckets buckets = new RankBuckets();
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            if (i + 1 < n) {
                buckets.add(merges.get(ids[i], ids[i + 1]), i);
            }
        }
        int rank;
        while ((rank = buckets.lowestRank()) >= 0) {
            int[] positions = buckets.takeSorted(rank);
            for (int pos : positions) {
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
                    buckets.add(merges.get(ids[pos], ids[next[pos]]), pos);
                }
                if (prev[pos] >= 0) {
                    buckets.add(merges.get(ids[prev[pos]], ids[pos]), prev[pos]);
                }
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

    /** Positions of pending pairs grouped by merge rank, and the lowest pending rank. */
    private static final class RankBuckets {
        private final java.util.HashMap<Integer, IntList> byRank = new java.util.HashMap<>();
        private final LongMinHeap ranks = new LongMinHeap(16);

        void add(long entry, int position) {
            if (entry == MergeTable.ABSENT) {
                return;
            }
            int rank = MergeTable.rank(entry);
            IntList bucket = byRank.get(rank);
            if (bucket == null) {
                bucket = new IntList();
                byRank.put(rank, bucket);
                ranks.push(rank);
            }
            bucket.add(position);
        }

        /** The lowest rank with pending pairs, or -1. */
        int lowestRank() {
            return ranks.isEmpty() ? -1 : (int) ranks.pop();
        }

        int[] takeSorted(int rank) {
            int[] positions = byRank.remove(rank).toArray();
            for (int i = 1; i < positions.length; i++) {
                if (positions[i] < positions[i - 1]) {
                    java.util.Arrays.sort(positions);
                    break;
                }
            }
            return positions;
        }
    }
}
