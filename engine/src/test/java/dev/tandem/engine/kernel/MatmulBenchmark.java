package dev.tandem.engine.kernel;

import dev.tandem.engine.checkpoint.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One matrix product of the engine's kernels, alone: {@code count} distinct matrices of
 * {@code rows x cols} (so that, past the caches, the weights come from DRAM as in a decode step)
 * against {@code tokens} activations, repeated for two seconds per pass. Prints one JSON line with
 * the best pass as weight bytes per second and FLOP per second; asserts nothing.
 *
 * <p>Run from the repository root after {@code ./mvnw -o -q -pl engine test-compile}:
 * {@code java --add-modules=jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes
 * dev.tandem.engine.kernel.MatmulBenchmark THREADS DTYPE TOKENS ROWS COLS COUNT}, e.g.
 * {@code 2 BF16 1 151936 1024 1} (the LM head of Qwen3-0.6B at decode) or
 * {@code 2 BF16 512 3072 1024 2} (a 512-token prefill chunk through the MLP's gate).
 */
public final class MatmulBenchmark {

    private static final int PASSES = 6;
    private static final long PASS_NANOS = 2_000_000_000L;

    private MatmulBenchmark() {
    }

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: MatmulBenchmark THREADS DTYPE(F32|BF16|F16|Q8_0) TOKENS ROWS COLS COUNT");
            System.exit(2);
        }
        int threads = Integer.parseInt(args[0]);
        DType dtype = DType.valueOf(args[1]);
        int tokens = Integer.parseInt(args[2]);
        int rows = Integer.parseInt(args[3]);
        int cols = Integer.parseInt(args[4]);
        int count = Integer.parseInt(args[5]);
        SplittableRandom random = new SplittableRandom(1);
        try (Arena arena = Arena.ofShared(); ComputePool pool = new ComputePool(threads)) {
            WeightMatrix[] matrices = new WeightMatrix[count];
            for (int i = 0; i < count; i++) {
                matrices[i] = new WeightMatrix("w" + i, dtype, rows, cols, randomWeights(arena, dtype, rows, cols, random));
            }
            float[] x = new float[tokens * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            float[] out = new float[tokens * rows];
            VectorKernels kernels = new VectorKernels(pool);
            double bestSeconds = Double.MAX_VALUE;
            for (int pass = 0; pass < PASSES; pass++) {
                long start = System.nanoTime();
                int repeats = 0;
                do {
                    for (WeightMatrix w : matrices) {
                        kernels.matmul(w, x, tokens, out);
                    }
                    repeats++;
                } while (System.nanoTime() - start < PASS_NANOS);
                double seconds = (System.nanoTime() - start) / 1e9 / repeats;
                if (pass >= 2) {
                    bestSeconds = Math.min(bestSeconds, seconds);
                }
            }
            double bytes = (double) count * matrices[0].byteSize();
            double flops = 2.0 * count * rows * (double) cols * tokens;
            System.out.printf(Locale.ROOT,
                    "{\"threads\":%d,\"dtype\":\"%s\",\"tokens\":%d,\"rows\":%d,\"cols\":%d,\"count\":%d,\"weight_gb_s\":%.2f,\"gflop_s\":%.1f}%n",
                    threads, dtype, tokens, rows, cols, count, bytes / bestSeconds / 1e9, flops / bestSeconds / 1e9);
        }
    }

    /** Finite values of the type: for Q8_0 a small positive f16 scale before each block's int8 values. */
    private static MemorySegment randomWeights(Arena arena, DType dtype, int rows, int cols, SplittableRandom random) {
        MemorySegment data = arena.allocate((long) rows * dtype.bytesFor(cols), 64);
        for (long b = 0; b + 1 < data.byteSize(); b += 2) {
            short bits = (short) (dtype == DType.Q8_0 ? 0x2000 + random.nextInt(256) : 0x3c00 + random.nextInt(256));
            data.set(ValueLayout.JAVA_SHORT_UNALIGNED, b, bits);
        }
        return data;
    }
}
