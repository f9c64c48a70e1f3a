package dev.tandem.engine.kernel;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ComputePoolTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            try (ComputePool pool = new ComputePool(threads)) {
                for (int n : new int[] {0, 1, 7, 64, 1000, 4099}) {
                    for (int grain : new int[] {1, 3, 16, 5000}) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(n);
                        pool.parallelFor(n, grain, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                hits.incrementAndGet(i);
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            assertEquals(1, hits.get(i), "threads %d, n %d, grain %d, index %d".formatted(threads, n, grain, i));
                        }
                    }
                }
            }
        }
    }

    @Test
    void callsFromSeveralThreadsAtOnceStaySeparate() throws Exception {
        try (ComputePool pool = new ComputePool(2); ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<Future<long[]>> sums = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int scale = c + 1;
                sums.add(callers.submit(() -> {
                    long[] out = new long[5000];
                    for (int round = 0; round < 50; round++) {
                        pool.parallelFor(out.length, 7, (from, to) -> {
                            for (int i = from; i < to; i++) {
                                out[i] += (long) i * scale;
                            }
                        });
                    }
                    return out;
                }));
            }
            for (int c = 0; c < 4; c++) {
                long[] out = sums.get(c).get();
                for (int i = 0; i < out.length; i++) {
                    assertEquals(50L * i * (c + 1), out[i]);
                }
            }
        }
    }

    @Test
    void aFailingRangeFailsTheCallAndLeavesThePoolUsable() {
        try (ComputePool pool = new ComputePool(2)) {
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pool.parallelFor(100, 1, (from, to) -> {
                if (from <= 50 && 50 < to) {
                    throw new IllegalStateException("range with 50");
                }
            }));
            assertEquals("range with 50", failure.getMessage());
            assertEveryIndexRunsOnce(pool, 100);
        }
    }

    @Test
    void aWorkersFailureReachesTheCallerAsThrownNotAsACopy() {
        try (ComputePool pool = new ComputePool(2)) {
            Thread caller = Thread.currentThread();
            CountDownLatch workerRan = new CountDownLatch(1);
            IllegalStateException thrown = new IllegalStateException("from a worker");
            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> pool.parallelFor(8, 1, (from, to) -> {
                if (Thread.currentThread() != caller) {
                    workerRan.countDown();
                    throw thrown;
                }
                try {
                    // Hold the caller on its first range so the worker surely takes one.
                    workerRan.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertSame(thrown, failure);
        }
    }

    @Test
    void aCallFromInsideATaskRunsOnItsCallerInsteadOfWaitingForBusyWorkers() {
        try (ComputePool pool = new ComputePool(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
            pool.parallelFor(64, 1, (from, to) -> {
                for (int outer = from; outer < to; outer++) {
                    int base = outer * 64;
                    pool.parallelFor(64, 1, (innerFrom, innerTo) -> {
                        for (int i = innerFrom; i < innerTo; i++) {
                            hits.incrementAndGet(base + i);
                        }
                    });
                }
            });
            for (int i = 0; i < hits.length(); i++) {
                assertEquals(1, hits.get(i), "index " + i);
            }
        }
    }

    @Test
    void aClosedPoolStillCompletesACallOnItsCaller() {
        ComputePool pool = new ComputePool(3);
        pool.close();
        assertEveryIndexRunsOnce(pool, 100);
    }

    private static void assertEveryIndexRunsOnce(ComputePool pool, int n) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        pool.parallelFor(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i);
        }
    }
}
