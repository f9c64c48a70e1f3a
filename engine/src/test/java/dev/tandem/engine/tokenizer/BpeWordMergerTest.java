package dev.tandem.engine.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Both merge strategies apply merges in the same order as a naive reference. */
class BpeWordMergerTest {

    @Test
    void mergesByLowestRankThenLeftmost() {
        MergeTable merges = new MergeTable(4);
        merges.put(0, 0, 1, 10);   // a a -> aa (rank 1)
        merges.put(0, 1, 0, 11);   // a b -> ab (rank 0)
        merges.put(10, 10, 2, 12); // aa aa -> aaaa
        int[] ids = {0, 0, 0, 1, 0, 0, 0, 0, 0};
        int n = BpeWordMerger.mergeShort(ids, ids.length, merges);
        // a a [a b] a a a a a -> a a ab a a a a a -> [aa] ab [aa] [aa] a -> aa ab [aaaa] a
        assertArrayEquals(new int[] {10, 11, 12, 0}, Arrays.copyOf(ids, n));
    }

    @Test
    void shortAndLongStrategiesAgreeWithTheReference() {
        Random random = new Random(7);
        for (int table = 0; table < 20; table++) {
            int alphabet = 3 + random.nextInt(4);
            MergeTable merges = new MergeTable(64);
            List<long[]> mergeList = new ArrayList<>();
            int nextId = alphabet;
            for (int rank = 0; rank < 40; rank++) {
                int left = random.nextInt(nextId);
                int right = random.nextInt(nextId);
                if (merges.get(left, right) != MergeTable.ABSENT) {
                    continue;
                }
                merges.put(left, right, rank, nextId);
                mergeList.add(new long[] {left, right, rank, nextId});
                nextId++;
            }
            for (int word = 0; word < 200; word++) {
                int[] symbols = new int[1 + random.nextInt(word % 10 == 0 ? 400 : 40)];
                for (int i = 0; i < symbols.length; i++) {
                    symbols[i] = random.nextInt(alphabet);
                }
                int[] expected = reference(symbols, mergeList);
                int[] viaShort = symbols.clone();
                int[] viaLong = symbols.clone();
                assertArrayEquals(expected, Arrays.copyOf(viaShort, BpeWordMerger.mergeShort(viaShort,
                        viaShort.length, merges)));
                assertArrayEquals(expected, Arrays.copyOf(viaLong, BpeWordMerger.mergeLong(viaLong,
                        viaLong.length, merges)));
            }
        }
    }

    @Test
    void aMegabyteLongWordMergesInLinearithmicTime() {
        MergeTable merges = new MergeTable(4);
        merges.put(0, 0, 0, 1);
        merges.put(1, 1, 1, 2);
        int[] ids = new int[1 << 20];
        int n = BpeWordMerger.merge(ids, ids.length, merges);
        assertEquals(1 << 18, n);
        for (int i = 0; i < n; i++) {
            assertEquals(2, ids[i]);
        }
    }

    /** Textbook BPE: find the lowest-rank adjacent pair (leftmost on ties), merge it, repeat. */
    private static int[] reference(int[] symbols, List<long[]> merges) {
        List<Integer> word = new ArrayList<>();
        for (int s : symbols) {
            word.add(s);
        }
        while (true) {
            int bestPos = -1;
            long[] best = null;
            for (int i = 0; i + 1 < word.size(); i++) {
                for (long[] merge : merges) {
                    if (merge[0] == word.get(i) && merge[1] == word.get(i + 1) && (best == null || merge[2] < best[2])) {
                        best = merge;
                        bestPos = i;
                    }
                }
            }
            if (best == null) {
                return word.stream().mapToInt(Integer::intValue).toArray();
            }
            word.set(bestPos, (int) best[3]);
            word.remove(bestPos + 1);
        }
    }
}
