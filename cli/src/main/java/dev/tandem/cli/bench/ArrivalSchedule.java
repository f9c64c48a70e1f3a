package dev.tandem.cli.bench;

import java.util.SplittableRandom;

/**
 * When each request of a serving benchmark is sent, as offsets from the start: a Poisson process,
 * that is exponential inter-arrival times with mean {@code 1 / rate}, drawn from a seeded generator
 * (so a seed always gives the same schedule). The first request goes at 0, as in vLLM's and SGLang's
 * benchmarks; an infinite rate sends every request at 0.
 */
final class ArrivalSchedule {

    private ArrivalSchedule() {
    }

    /** Offsets in seconds, non-decreasing, of {@code n} requests at {@code rate} requests per second. */
    static double[] offsetsSeconds(int n, double rate, long seed) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--request-rate must be > 0 or inf, got " + rate);
        }
        double[] offsets = new double[n];
        if (Double.isInfinite(rate)) {
            return offsets;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 1; i < n; i++) {
            // 1 - u is in (0, 1], so the log is finite
            offsets[i] = offsets[i - 1] - Math.log(1 - random.nextDouble()) / rate;
        }
        return offsets;
    }
}
