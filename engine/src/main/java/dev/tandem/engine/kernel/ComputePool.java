package dev.tandem.engine.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads kernels spread their work over: created once per engine, sized to the cores it may
 * use, and closed with it. The calling thread is one of them: it works through the chunks of a
 * {@link #parallelFor} alongside {@code threads - 1} workers instead of waiting for them.
 *
 * <p>A decode step makes a few hundred calls of a few hundred microseconds each, so waking a
 * parked thread per call (tens of microseconds on a VM) would cost a large share of the step.
 * Workers therefore spin for a short while after each call before they park, as llama.cpp's
 * do, and the caller spins while the workers finish their last chunks; an offer a worker has
 * not taken by the time the caller ran out of chunks is taken back. One call uses the
 * workers at a time; a call made while they are busy (another thread's, or one from inside a
 * task) runs on its caller alone.
 */
public final class ComputePool implements AutoCloseable {

    /** How long a waiting thread spins before it sleeps: an idle worker, or a caller waiting for its helpers. */
    private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Work on the index range {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean closed;

    public ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("tandem-compute-" + (i + 1));
            workers[i].start();
        }
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
        if (workers.length == 0 || chunks <= 1 || !busy.compareAndSet(false, true)) {
            task.run(0, n);
            return;
        }
        Ranges ranges;
        try {
            int helpers = Math.min(workers.length, chunks - 1);
            ranges = new Ranges(task, n, chunks, helpers);
            for (int i = 0; i < helpers; i++) {
                workers[i].offer(ranges);
            }
            ranges.run();
            for (int i = 0; i < helpers; i++) {
                workers[i].revoke(ranges);
            }
            ranges.awaitHelpers();
        } finally {
            busy.set(false);
        }
        ranges.rethrowFailure();
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    /** A thread that runs the ranges offered to it, spinning briefly between calls. */
    private final class Worker extends Thread {
        private final AtomicReference<Ranges> offered = new AtomicReference<>();
        private volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void offer(Ranges ranges) {
            offered.set(ranges);
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        /** Takes back an offer this worker has not started (the caller ran every chunk first). */
        void revoke(Ranges ranges) {
            if (offered.compareAndSet(ranges, null)) {
                ranges.helperDone();
            }
        }

        @Override
        public void run() {
            for (Ranges ranges = next(); ranges != null; ranges = next()) {
                ranges.run();
                ranges.helperDone();
            }
        }

        /** The next offered call, or null once the pool is closed. */
        private Ranges next() {
            long spinningSince = System.nanoTime();
            while (!closed) {
                Ranges ranges = offered.get();
                if (ranges != null && offered.compareAndSet(ranges, null)) {
                    return ranges;
                }
                if (System.nanoTime() - spinningSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                // offer() writes `offered` then reads `parked`; this writes `parked` then reads
                // `offered`: one of the two sees the other, so no offer is slept through.
                parked = true;
                if (offered.get() == null && !closed) {
                    LockSupport.park(this);
                }
                parked = false;
                spinningSince = System.nanoTime();
            }
            return null;
        }
    }

    /**
     * The chunks of one {@link #parallelFor} call, handed out in order to whichever thread asks.
     * A chunk's failure is kept as thrown, the first one with the others suppressed in it.
     */
    private static final class Ranges implements Runnable {
        private final RangeTask task;
        private final int n;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger helpersRunning;
        private volatile Throwable failure;

        Ranges(RangeTask task, int n, int chunks, int helpers) {
            this.task = task;
            this.n = n;
            this.chunks = chunks;
            this.helpersRunning = new AtomicInteger(helpers);
        }

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

        void helperDone() {
            helpersRunning.decrementAndGet();
        }

        /**
         * Waits for the helpers' last chunks: spinning, as they are short, then in short sleeps
         * in case a helper's core was taken by another process.
         */
        void awaitHelpers() {
            long spinningSince = System.nanoTime();
            while (helpersRunning.get() > 0) {
                if (System.nanoTime() - spinningSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(50_000);
                }
            }
        }

        private synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }

        /** After every helper has finished. */
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
