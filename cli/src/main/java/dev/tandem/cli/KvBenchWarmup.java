package dev.tandem.cli;

/**
 * How long {@code bench kv} and its baselines run untimed before the clock starts: exactly
 * {@code blocks} blocks when it is 0 or more (for tests and quick runs), else (-1) whole passes
 * over the blocks, at least {@link #MIN_PASSES} and until {@code seconds} have passed. A pass is a few calls; the
 * per-call code of gRPC and the store's handlers needs thousands of runs before it is compiled, and
 * until then a call costs several times its steady-state latency.
 */
record KvBenchWarmup(int blocks, double seconds) {

    static final int MIN_PASSES = 4;

    /** Warm up by time. */
    static KvBenchWarmup forSeconds(double seconds) {
        return new KvBenchWarmup(-1, seconds);
    }

    KvBenchWarmup {
        if (blocks < -1 || !(seconds >= 0)) {
            throw new IllegalArgumentException("warm-up needs blocks >= 0 or seconds >= 0, got " + blocks + ", " + seconds);
        }
    }

    /** Runs {@code pass} (which moves up to {@code passBlocks} blocks from a given index on) until warm; returns the blocks moved. */
    int run(int passBlocks, Pass pass) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int done = 0;
        while (blocks >= 0 ? done < blocks : (done < MIN_PASSES * passBlocks || System.nanoTime() < end)) {
            int n = blocks >= 0 ? Math.min(passBlocks, blocks - done) : passBlocks;
            pass.run(done, n);
            done += n;
        }
        return done;
    }

    @FunctionalInterface
    interface Pass {
        /** Moves blocks {@code first .. first + n - 1} of the warm-up. */
        void run(int first, int n) throws Exception;
    }
}
