package dev.tandem.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvBenchWarmupTest {

    @Test
    void aBlockCountMovesExactlyThatManyInPassesOverTheBlocks() throws Exception {
        List<int[]> passes = new ArrayList<>();
        int moved = new KvBenchWarmup(10, 0).run(4, (first, n) -> passes.add(new int[] {first, n}));
        assertEquals(10, moved);
        assertEquals(List.of(List.of(0, 4), List.of(4, 4), List.of(8, 2)),
                passes.stream().map(p -> List.of(p[0], p[1])).toList());
    }

    @Test
    void noBlocksMeansNoWarmUp() throws Exception {
        assertEquals(0, new KvBenchWarmup(0, 0).run(4, (first, n) -> {
            throw new AssertionError("no pass expected");
        }));
    }

    @Test
    void byTimeRunsWholePassesAtLeastTheMinimumAndUntilTheTimeIsUp() throws Exception {
        assertEquals(KvBenchWarmup.MIN_PASSES * 3, KvBenchWarmup.forSeconds(0).run(3, (first, n) -> assertEquals(3, n)));
        long start = System.nanoTime();
        int moved = KvBenchWarmup.forSeconds(0.05).run(2, (first, n) -> Thread.sleep(1));
        assertTrue(System.nanoTime() - start >= 50_000_000L);
        assertTrue(moved >= KvBenchWarmup.MIN_PASSES * 2 && moved % 2 == 0, "moved " + moved);
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KvBenchWarmup(-2, 0));
        assertThrows(IllegalArgumentException.class, () -> KvBenchWarmup.forSeconds(-1));
        assertThrows(IllegalArgumentException.class, () -> KvBenchWarmup.forSeconds(Double.NaN));
    }
}
