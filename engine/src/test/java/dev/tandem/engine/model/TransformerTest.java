package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.kernel.ComputePool;
import dev.tandem.engine.kernel.ScalarKernels;
import dev.tandem.engine.kernel.VectorKernels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerTest {

    private static final int VOCAB = 300;
    private static ComputePool pool;
    private static InMemoryCheckpoint checkpoint;

    @BeforeAll
    static void setUp() {
        pool = new ComputePool(2);
        checkpoint = new InMemoryCheckpoint(InMemoryCheckpoint.qwen3Config(VOCAB), DType.BF16, 42);
    }

    @AfterAll
    static void tearDown() {
        checkpoint.close();
        pool.close();
    }

    private static Transformer vector(InMemoryCheckpoint c) {
        return new Transformer(c.config(), TransformerWeights.bind(c), new VectorKernels(pool), pool);
    }

    private static int[] prompt(int n, long seed) {
        return new SplittableRandom(seed).ints(n, 0, VOCAB).toArray();
    }

    @Test
    void vectorKernelsMatchTheScalarReference() {
        int[] tokens = prompt(19, 1);
        Transformer scalar = new Transformer(checkpoint.config(), TransformerWeights.bind(checkpoint), new ScalarKernels(), new ComputePool(1));
        float[] expected = scalar.forward(tokens, new KvCache(checkpoint.config(), 4), true);
        float[] actual = vector(checkpoint).forward(tokens, new KvCache(checkpoint.config(), 4), true);
        assertClose(expected, actual, 1e-4f);
    }

    @Test
    void logitsDoNotDependOnHowThePromptIsChunked() {
        int[] tokens = prompt(37, 2);
        Transformer transformer = vector(checkpoint);
        float[] oneShot = transformer.forward(tokens, new KvCache(checkpoint.config(), 1), true);
        for (int chunk : List.of(1, 5, 16, 36)) {
            KvCache cache = new KvCache(checkpoint.config(), 1);
            float[] chunked = new float[oneShot.length];
            for (int from = 0; from < tokens.length; from += chunk) {
                int to = Math.min(tokens.length, from + chunk);
                float[] part = transformer.forward(Arrays.copyOfRange(tokens, from, to), cache, true);
                System.arraycopy(part, 0, chunked, from * VOCAB, part.length);
            }
            assertEquals(tokens.length, cache.length());
            assertClose(oneShot, chunked, 1e-4f);
        }
    }

    @Test
    void lastPositionLogitsEqualTheLastRowOfAllPositions() {
        int[] tokens = prompt(9, 3);
        Transformer transformer = vector(checkpoint);
        float[] all = transformer.forward(tokens, new KvCache(checkpoint.config(), 9), true);
        float[] last = transformer.forward(tokens, new KvCache(checkpoint.config(), 9), false);
        assertClose(Arrays.copyOfRange(all, 8 * VOCAB, 9 * VOCAB), last, 0f);
    }

    @Test
    void everyArchitectureVariantRuns() {
        for (var variant : List.of(
                new ModelConfig(Architecture.LLAMA, VOCAB, 32, 2, 4, 2, 8, 64, 1e-5, 10000, RopeLayout.INTERLEAVED, true, false, 512, 1, List.of(2), "float32"),
                new ModelConfig(Architecture.QWEN2, VOCAB, 32, 2, 4, 4, 8, 64, 1e-6, 10000, RopeLayout.ROTATE_HALF, true, true, 512, -1, List.of(2), "float32"))) {
            try (InMemoryCheckpoint c = new InMemoryCheckpoint(variant, DType.F32, 7)) {
                Transformer scalar = new Transformer(variant, TransformerWeights.bind(c), new ScalarKernels(), new ComputePool(1));
                int[] tokens = prompt(6, 4);
                float[] expected = scalar.forward(tokens, new KvCache(variant, 6), true);
                float[] actual = vector(c).forward(tokens, new KvCache(variant, 6), true);
                assertClose(expected, actual, 1e-4f);
                assertTrue(Arrays.stream(box(actual)).allMatch(Float::isFinite));
            }
        }
    }

    @Test
    void rejectsTokensOutsideTheVocabulary() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> vector(checkpoint).forward(new int[] {VOCAB}, new KvCache(checkpoint.config(), 1), false));
        assertTrue(e.getMessage().contains("300"), e.getMessage());
    }

    private static Float[] box(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    static void assertClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= tolerance, "max |difference| " + worst + " > " + tolerance);
    }
}
