package dev.tandem.engine.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The worker threads kernels spread their work over: created once per engine, sized to the cores
 * it may use, and closed with it.
 */
public final class ComputePool implements AutoCloseable {

    /** Work on the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private final ForkJoinPool pool;
    private final int threads;

    public ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    /** One thread per available processor. */
    public static ComputePool ofAvailableProcessors() {
        return new ComputePool(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over {@code [0, n)} split into ranges of at least {@code grain} indices, in
     * parallel, and returns when all are done.
     */
    public void parallelFor(int n, int grain, RangeTask task) {
        int chunks = Math.min(threads * 4, Math.max(1, n / Math.max(1, grain)));
        if (pool == null || chunks <= 1) {
            task.run(0, n);
            return;
        }
        pool.invoke(new Split(task, n, chunks, 0, chunks));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Splits the chunk range in halves until one chunk is left, so idle workers steal the rest. */
    private static final class Split extends RecursiveAction {
        private final RangeTask task;
        private final int n;
        private final int chunks;
        private final int firstChunk;
        private final int endChunk;

        Split(RangeTask task, int n, int chunks, int firstChunk, int endChunk) {
            this.task = task;
            this.n = n;
            this.chunks = chunks;
            this.firstChunk = firstChunk;
            this.endChunk = endChunk;
        }

        @Override
        protected void compute() {
            if (endChunk - firstChunk == 1) {
                int from = (int) ((long) n * firstChunk / chunks);
                int to = (int) ((long) n * endChunk / chunks);
                task.run(from, to);
                return;
            }
            int middle = (firstChunk + endChunk) >>> 1;
            invokeAll(new Split(task, n, chunks, firstChunk, middle), new Split(task, n, chunks, middle, endChunk));
        }
    }
}
