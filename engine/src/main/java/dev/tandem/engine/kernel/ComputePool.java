package dev.tandem.engine.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads kernels spread their work over: created once per engine, sized to the cores it may
 * use, and closed with it. The calling thread is one of them: it works through the chunks of a
 * {@link #parallelFor} alongside {@code threads - 1} pool workers instead of waiting for them, so
 * a call costs one hand-off fewer (a decode step makes a few hundred calls).
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
        this.pool = threads == 1 ? null : new ForkJoinPool(threads - 1);
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
     * parallel, and returns when all are done. Threads take the next range as they finish one, so
     * a thread slowed by other load takes fewer.
     */
    public void parallelFor(int n, int grain, RangeTask task) {
        int chunks = Math.min(threads * 4, Math.max(1, n / Math.max(1, grain)));
        if (pool == null || chunks <= 1) {
            task.run(0, n);
            return;
        }
        Ranges ranges = new Ranges(task, n, chunks);
        ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[Math.min(threads - 1, chunks - 1)];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = pool.submit(ranges);
        }
        ranges.run();
        for (ForkJoinTask<?> helper : helpers) {
            helper.quietlyJoin();
        }
        ranges.rethrowFailure();
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /**
     * The chunks of one {@link #parallelFor} call, handed out in order to whichever thread asks.
     * A chunk's failure is kept as thrown (a joined fork-join task would rethrow a copy), the first
     * one with the others suppressed in it.
     */
    private static final class Ranges implements Runnable {
        private final RangeTask task;
        private final int n;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();

        Ranges(RangeTask task, int n, int chunks) {
            this.task = task;
            this.n = n;
            this.chunks = chunks;
        }

        private volatile Throwable failure;

        @Override
        public void run() {
            try {
                for (int chunk = next.getAndIncrement(); chunk < chunks; chunk = next.getAndIncrement()) {
                    int from = (int) ((long) n * chunk / chunks);
                    int to = (int) ((long) n * (chunk + 1) / chunks);
                    task.run(from, to);
                }
            } catch (RuntimeException | Error e) {
                fail(e);
            }
        }

        private synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }

        /** After every thread's run has returned (joined). */
        void rethrowFailure() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }
}
