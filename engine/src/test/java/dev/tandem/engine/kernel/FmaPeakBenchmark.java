package dev.tandem.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The compute ceiling of one core for the engine's kernels: fused multiply-adds of the preferred
 * float vector on ten independent accumulators (no memory traffic), timed on the thread's CPU time
 * so that other load on the machine does not lower it. Prints one JSON line; asserts nothing.
 *
 * <p>Run from the repository root after {@code ./mvnw -o -q -pl engine test-compile}:
 * {@code java --add-modules=jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes
 * dev.tandem.engine.kernel.FmaPeakBenchmark}.
 */
public final class FmaPeakBenchmark {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final long ITERATIONS = 200_000_000L;

    private FmaPeakBenchmark() {
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double best = 0;
        float sink = 0;
        for (int pass = 0; pass < 5; pass++) {
            long start = threads.getCurrentThreadCpuTime();
            sink += run(ITERATIONS, pass);
            double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
            if (pass >= 2) {
                best = Math.max(best, ITERATIONS * 10.0 * F.length() * 2 / seconds / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "{\"vector_bits\":%d,\"gflop_s_per_core\":%.1f,\"sink\":%.0f}%n", F.vectorBitSize(), best, sink);
    }

    private static float run(long n, float seed) {
        FloatVector m = FloatVector.broadcast(F, 0.999f);
        FloatVector c = FloatVector.broadcast(F, seed);
        FloatVector a0 = c, a1 = c.add(1), a2 = c.add(2), a3 = c.add(3), a4 = c.add(4);
        FloatVector a5 = c.add(5), a6 = c.add(6), a7 = c.add(7), a8 = c.add(8), a9 = c.add(9);
        for (long i = 0; i < n; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).reduceLanes(VectorOperators.ADD);
    }
}
