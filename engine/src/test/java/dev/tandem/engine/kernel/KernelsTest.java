package dev.tandem.engine.kernel;

import dev.tandem.engine.checkpoint.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every vector kernel against the scalar reference on random data, odd sizes included. */
class KernelsTest {

    private static final ComputePool POOL = new ComputePool(2);
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = new VectorKernels(POOL);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @AfterAll
    static void closePool() {
        POOL.close();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void matmulMatchesReferenceForEveryDtypeAndBatchSize(DType dtype) {
        int rows = 67;
        int cols = dtype == DType.Q8_0 ? 160 : 77;
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix w = randomMatrix(arena, dtype, rows, cols, 11);
            for (int tokens : new int[] {1, 2, 3, 4, 9}) {
                float[] x = randomFloats(tokens * cols, tokens);
                float[] expected = new float[tokens * rows];
                float[] actual = new float[tokens * rows];
                SCALAR.matmul(w, x, tokens, expected);
                VECTOR.matmul(w, x, tokens, actual);
                assertClose(expected, actual, 1e-4f);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aTokensResultDoesNotDependOnItsBatch(DType dtype) {
        int rows = 33;
        int cols = dtype == DType.Q8_0 ? 96 : 77;
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix w = randomMatrix(arena, dtype, rows, cols, 12);
            float[] batch = randomFloats(9 * cols, 13);
            float[] together = new float[9 * rows];
            VECTOR.matmul(w, batch, 9, together);
            assertEachTokenAloneGives(w, batch, together);
        }
    }

    /** Bit for bit: each token of {@code batch} multiplied alone gives its row of {@code together}. */
    private static void assertEachTokenAloneGives(WeightMatrix w, float[] batch, float[] together) {
        int rows = w.rows(), cols = w.cols();
        for (int t = 0; t < batch.length / cols; t++) {
            float[] alone = new float[rows];
            VECTOR.matmul(w, java.util.Arrays.copyOfRange(batch, t * cols, (t + 1) * cols), 1, alone);
            assertClose(java.util.Arrays.copyOfRange(together, t * rows, (t + 1) * rows), alone, 0f);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void wideRowsSplitOverThreadsKeepOneSummationOrder(DType dtype) {
        // Rows wider than a panel's L1 share, odd row groups, and a matrix split over the pool's
        // threads: results must still match the reference and, bit for bit, each token alone.
        int rows = 35;
        int cols = dtype == DType.Q8_0 ? 2144 : 2101;
        try (Arena arena = Arena.ofShared()) {
            WeightMatrix w = randomMatrix(arena, dtype, rows, cols, 14);
            float[] batch = randomFloats(9 * cols, 15);
            float[] expected = new float[9 * rows];
            float[] together = new float[9 * rows];
            SCALAR.matmul(w, batch, 9, expected);
            VECTOR.matmul(w, batch, 9, together);
            assertClose(expected, together, 1e-3f);
            assertEachTokenAloneGives(w, batch, together);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void rowsDecodeExactlyLikeTheReference(DType dtype) {
        int cols = dtype == DType.Q8_0 ? 96 : 45;
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix w = randomMatrix(arena, dtype, 3, cols, 5);
            for (int r = 0; r < 3; r++) {
                float[] expected = new float[cols];
                float[] actual = new float[cols];
                SCALAR.readRow(w, r, expected, 0);
                VECTOR.readRow(w, r, actual, 0);
                assertClose(expected, actual, 0f);
            }
        }
    }

    @Test
    void halfPrecisionSpecialValuesDecodeExactly() {
        short[] specials = {0, (short) 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0x7BFF, 0x7C00, (short) 0xFC00, 0x7E00, (short) 0xC000};
        int cols = 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(2L * cols);
            for (int i = 0; i < cols; i++) {
                data.set(I16, 2L * i, specials[i % specials.length]);
            }
            float[] actual = new float[cols];
            VECTOR.readRow(new WeightMatrix("f16", DType.F16, 1, cols, data), 0, actual, 0);
            for (int i = 0; i < cols; i++) {
                float expected = Float.float16ToFloat(specials[i % specials.length]);
                assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual[i]), "half 0x" + Integer.toHexString(specials[i % specials.length] & 0xFFFF));
            }
        }
    }

    @Test
    void elementwiseKernelsMatchReference() {
        for (int n : new int[] {1, 7, 8, 33, 130}) {
            float[] a = randomFloats(n, n);
            float[] b = randomFloats(n, n + 100);
            assertEquals(SCALAR.dot(a, 0, b, 0, n), VECTOR.dot(a, 0, b, 0, n), 1e-4f);

            float[] weight = randomFloats(n, 3);
            float[] expected = new float[n];
            float[] actual = new float[n];
            SCALAR.rmsNorm(a, 0, weight, 1e-6f, expected, 0, n);
            VECTOR.rmsNorm(a, 0, weight, 1e-6f, actual, 0, n);
            assertClose(expected, actual, 1e-5f);

            float[] y1 = b.clone();
            float[] y2 = b.clone();
            SCALAR.axpy(0.37f, a, 0, y1, 0, n);
            VECTOR.axpy(0.37f, a, 0, y2, 0, n);
            assertClose(y1, y2, 1e-6f);

            float[] g1 = a.clone();
            float[] g2 = a.clone();
            SCALAR.siluMul(g1, b, n);
            VECTOR.siluMul(g2, b, n);
            assertClose(g1, g2, 1e-5f);

            float[] s1 = a.clone();
            float[] s2 = a.clone();
            SCALAR.softmax(s1, 0, n);
            VECTOR.softmax(s2, 0, n);
            assertClose(s1, s2, 1e-6f);
            float sum = 0;
            for (float v : s2) {
                sum += v;
            }
            assertEquals(1f, sum, 1e-5f);

            float[] r1 = randomFloats(2 * n, 9);
            float[] r2 = r1.clone();
            float[] cos = randomFloats(n, 10);
            float[] sin = randomFloats(n, 11);
            SCALAR.rotateHalf(r1, 0, cos, sin, 0, n);
            VECTOR.rotateHalf(r2, 0, cos, sin, 0, n);
            assertClose(r1, r2, 1e-6f);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "BF16"})
    void kvSegmentKernelsMatchReference(DType dtype) {
        int n = 45;
        try (Arena arena = Arena.ofConfined()) {
            WeightMatrix stored = randomMatrix(arena, dtype, 1, n, 21);
            float[] q = randomFloats(n, 22);
            assertEquals(SCALAR.dot(q, 0, stored.data(), 0, dtype, n), VECTOR.dot(q, 0, stored.data(), 0, dtype, n), 1e-4f);
            float[] y1 = randomFloats(n, 23);
            float[] y2 = y1.clone();
            SCALAR.axpy(0.7f, stored.data(), 0, dtype, n, y1, 0);
            VECTOR.axpy(0.7f, stored.data(), 0, dtype, n, y2, 0);
            assertClose(y1, y2, 1e-6f);
        }
    }

    /**
     * Block-wise attention kernels (rows of a KV block, {@code stride} apart) against the
     * reference, and exactly equal to the row-at-a-time vector kernels they replace.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "BF16"})
    void kvBlockKernelsMatchRowAtATimeKernels(DType dtype) {
        for (int n : new int[] {128, 45}) {
            int rows = 11;
            long stride = dtype.bytesFor(n) + 2L * dtype.bytesFor(1);
            long first = dtype.bytesFor(1);
            try (Arena arena = Arena.ofConfined()) {
                WeightMatrix stored = randomMatrix(arena, dtype, rows, n + 2, 24);
                float[] q = randomFloats(n, 25);
                float[] expected = new float[rows];
                float[] vector = new float[rows];
                float[] scalar = new float[rows];
                for (int i = 0; i < rows; i++) {
                    expected[i] = VECTOR.dot(q, 0, stored.data(), first + i * stride, dtype, n) * 0.25f;
                }
                VECTOR.dots(q, 0, stored.data(), first, stride, dtype, n, rows, 0.25f, vector, 0);
                SCALAR.dots(q, 0, stored.data(), first, stride, dtype, n, rows, 0.25f, scalar, 0);
                assertClose(expected, vector, 0f);
                assertClose(scalar, vector, 1e-4f);

                float[] p = randomFloats(rows, 26);
                float[] chained = randomFloats(n, 27);
                float[] summed = chained.clone();
                float[] reference = chained.clone();
                for (int i = 0; i < rows; i++) {
                    VECTOR.axpy(p[i], stored.data(), first + i * stride, dtype, n, chained, 0);
                }
                VECTOR.weightedSum(p, 0, stored.data(), first, stride, dtype, n, rows, summed, 0);
                SCALAR.weightedSum(p, 0, stored.data(), first, stride, dtype, n, rows, reference, 0);
                assertClose(chained, summed, 0f);
                assertClose(reference, summed, 1e-4f);
            }
        }
    }

    @Test
    void bf16ConversionRoundsToNearestEven() {
        assertEquals(1.0f, Numbers.bf16ToFloat(Numbers.floatToBf16(1.0f)));
        assertEquals((short) 0x3F80, Numbers.floatToBf16(Float.intBitsToFloat(0x3F808000)));
        assertEquals((short) 0x3F82, Numbers.floatToBf16(Float.intBitsToFloat(0x3F818000)));
        assertTrue(Float.isNaN(Numbers.bf16ToFloat(Numbers.floatToBf16(Float.NaN))));
    }

    static WeightMatrix randomMatrix(Arena arena, DType dtype, int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        MemorySegment data = arena.allocate((long) rows * dtype.bytesFor(cols), 8);
        long elements = (long) rows * cols;
        switch (dtype) {
            case F32 -> {
                for (long i = 0; i < elements; i++) {
                    data.set(F32, 4 * i, (float) random.nextGaussian());
                }
            }
            case BF16 -> {
                for (long i = 0; i < elements; i++) {
                    data.set(I16, 2 * i, Numbers.floatToBf16((float) random.nextGaussian()));
                }
            }
            case F16 -> {
                for (long i = 0; i < elements; i++) {
                    data.set(I16, 2 * i, Numbers.floatToF16((float) random.nextGaussian()));
                }
            }
            case Q8_0 -> {
                for (long block = 0; block < elements / 32; block++) {
                    data.set(I16, 34 * block, Numbers.floatToF16((float) (0.01 + random.nextDouble() * 0.05)));
                    for (int i = 0; i < 32; i++) {
                        data.set(ValueLayout.JAVA_BYTE, 34 * block + 2 + i, (byte) random.nextInt(-127, 128));
                    }
                }
            }
        }
        return new WeightMatrix("random", dtype, rows, cols, data);
    }

    static float[] randomFloats(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            float allowed = tolerance * Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= allowed,
                    "index " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }
}
