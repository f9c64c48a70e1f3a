package dev.tandem.cli;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * DRAM read bandwidth: a large off-heap segment summed with Vector API loads (four independent accumulators),
 * split into one contiguous range per thread. A pass is timed from the moment all threads are released until
 * the last one finishes; the segment is far larger than any cache, so this is what streaming weights can reach.
 */
final class MemoryBandwidth implements AutoCloseable {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final long STEP = 4L * F.vectorByteSize();

    /**
     * One thread count's passes.
     *
     * @param passNanos every measured pass, in order
     */
    record Result(int threads, long bytes, long[] passNanos) {

        /** GB/s (1e9 bytes per second) of the fastest pass. */
        double bestGbPerSecond() {
            return bytes / (double) Arrays.stream(passNanos).min().orElseThrow();
        }

        double medianGbPerSecond() {
            long[] sorted = passNanos.clone();
            Arrays.sort(sorted);
            return bytes / (double) sorted[sorted.length / 2];
        }
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;
    private volatile float sink;

    /** Allocates and fills {@code bytes} (rounded down to whole vector steps) off-heap. */
    MemoryBandwidth(long bytes) {
        long size = bytes / STEP * STEP;
        if (size <= 0) {
            throw new IllegalArgumentException("the segment needs at least %d bytes, got %d".formatted(STEP, bytes));
        }
        segment = arena.allocate(size, 64);
        segment.fill((byte) 0x3c);
    }

    long bytes() {
        return segment.byteSize();
    }

    /** {@code warmups} untimed passes, then {@code passes} timed ones, on {@code threads} threads. */
    Result measure(int threads, int warmups, int passes) throws Exception {
        if (threads < 1 || passes < 1 || warmups < 0) {
            throw new IllegalArgumentException("threads and passes must be >= 1, warm-ups >= 0");
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long[] nanos = new long[passes];
            for (int pass = 0; pass < warmups + passes; pass++) {
                long elapsed = pass(pool, threads);
                if (pass >= warmups) {
                    nanos[pass - warmups] = elapsed;
                }
            }
            return new Result(threads, segment.byteSize(), nanos);
        } finally {
            pool.shutdownNow();
        }
    }

    private long pass(ExecutorService pool, int threads) throws Exception {
        long steps = segment.byteSize() / STEP;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Float>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long from = steps * t / threads * STEP;
            long to = steps * (t + 1) / threads * STEP;
            parts.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                return sum(segment, from, to);
            }));
        }
        ready.await();
        long begin = System.nanoTime();
        start.countDown();
        float total = 0;
        for (Future<Float> part : parts) {
            total += part.get();
        }
        long elapsed = System.nanoTime() - begin;
        sink = total;
        return elapsed;
    }

    /** Sum of the floats in {@code [from, to)}, four vectors a step. */
    static float sum(MemorySegment segment, long from, long to) {
        long width = F.vectorByteSize();
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        for (long offset = from; offset < to; offset += STEP) {
            a0 = a0.add(FloatVector.fromMemorySegment(F, segment, offset, ByteOrder.LITTLE_ENDIAN));
            a1 = a1.add(FloatVector.fromMemorySegment(F, segment, offset + width, ByteOrder.LITTLE_ENDIAN));
            a2 = a2.add(FloatVector.fromMemorySegment(F, segment, offset + 2 * width, ByteOrder.LITTLE_ENDIAN));
            a3 = a3.add(FloatVector.fromMemorySegment(F, segment, offset + 3 * width, ByteOrder.LITTLE_ENDIAN));
        }
        return a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public void close() {
        arena.close();
    }
}
