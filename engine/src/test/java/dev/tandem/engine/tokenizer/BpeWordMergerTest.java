package dev.tandem.engine.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void allStrategiesAgreeWithTheReferenceOnTrainedMergeLists() {
        Random random = new Random(7);
        for (int table = 0; table < 20; table++) {
            List<long[]> mergeList = randomTrainedMerges(random, 3 + random.nextInt(4));
            MergeTable merges = table(mergeList);
            assertTrue(merges.ranksIncreaseAlongMerges());
            assertStrategiesAgree(random, merges, mergeList, true);
        }
    }

    @Test
    void shuffledRanksFallBackToTheHeap() {
        Random random = new Random(8);
        int nonMonotone = 0;
        for (int table = 0; table < 20; table++) {
            List<long[]> mergeList = randomTrainedMerges(random, 3 + random.nextInt(4));
            List<Long> ranks = new ArrayList<>();
            mergeList.forEach(merge -> ranks.add(merge[2]));
            java.util.Collections.shuffle(ranks, random);
            for (int i = 0; i < mergeList.size(); i++) {
                mergeList.get(i)[2] = ranks.get(i);
            }
            MergeTable merges = table(mergeList);
            nonMonotone += merges.ranksIncreaseAlongMerges() ? 0 : 1;
            assertStrategiesAgree(random, merges, mergeList, merges.ranksIncreaseAlongMerges());
        }
        assertTrue(nonMonotone > 10, "most shuffled lists are not rank-monotone: " + nonMonotone);
    }

    /** Merges as a trainer makes them: each joins two existing symbols into a new one, in rank order. */
    private static List<long[]> randomTrainedMerges(Random random, int alphabet) {
        List<long[]> mergeList = new ArrayList<>();
        MergeTable seen = new MergeTable(64);
        int nextId = alphabet;
        for (int rank = 0; mergeList.size() < 40; rank++) {
            int left = random.nextInt(nextId);
            int right = random.nextInt(nextId);
            if (seen.get(left, right) == MergeTable.ABSENT) {
                seen.put(left, right, rank, nextId);
                mergeList.add(new long[] {left, right, rank, nextId++});
            }
        }
        return mergeList;
    }

    private static MergeTable table(List<long[]> mergeList) {
        MergeTable merges = new MergeTable(mergeList.size());
        for (long[] merge : mergeList) {
            merges.put((int) merge[0], (int) merge[1], (int) merge[2], (int) merge[3]);
        }
        return merges;
    }

    private static void assertStrategiesAgree(Random random, MergeTable merges, List<long[]> mergeList,
                                              boolean monotone) {
        for (int word = 0; word < 100; word++) {
            int[] symbols = new int[1 + random.nextInt(word % 10 == 0 ? 300 : 40)];
            for (int i = 0; i < symbols.length; i++) {
                symbols[i] = random.nextInt(3);
            }
            int[] expected = reference(symbols, mergeList);
            assertArrayEquals(expected, run(symbols, s -> BpeWordMerger.mergeShort(s, s.length, merges)));
            assertArrayEquals(expected, run(symbols, s -> BpeWordMerger.mergeLong(s, s.length, merges)));
            assertArrayEquals(expected, run(symbols, s -> BpeWordMerger.merge(s, s.length, merges)));
            if (monotone) {
                assertArrayEquals(expected, run(symbols, s -> BpeWordMerger.mergeRankByRank(s, s.length, merges)));
            }
        }
    }

    private static int[] run(int[] symbols, java.util.function.ToIntFunction<int[]> strategy) {
        int[] copy = symbols.clone();
        return Arrays.copyOf(copy, strategy.applyAsInt(copy));
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
