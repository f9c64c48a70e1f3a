package dev.tandem.engine.kernel;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Q8QuantizerTest {

    /**
     * Reference bytes from gguf-py's {@code quants.quantize(x, Q8_0)} (numpy port of ggml's quantize_row_q8_0_ref)
     * for x[i] = float32((i * 7919) % 2001 - 1000) / float32(997), i < 96, with x[40..71] set to 0.
     */
    private static final String GGUF_PY_REFERENCE = "0b2081746a5f54493e34291e1308fef3e8ddd2c8bdb2a79c92877a6f655a4f44392f"
            + "101972502d0be8c6a381000000000000000000000000000000000000000000000000f91f000000000000000072675c51463b30251a0f04"
            + "f9eee4d9cec3b8ada2978c8178";

    @Test
    void matchesGgufPyReferenceBitForBit() {
        float[] x = new float[96];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((i * 7919) % 2001 - 1000) / 997f;
        }
        java.util.Arrays.fill(x, 40, 72, 0f);
        assertArrayEquals(HexFormat.of().parseHex(GGUF_PY_REFERENCE), quantize(x));
    }

    @Test
    void roundsHalvesAwayFromZeroLikeRoundf() {
        float[] x = new float[32];
        x[0] = 127f; // amax 127: d = 1, so q = roundf(x)
        x[1] = -2.5f;
        x[2] = 2.5f;
        x[3] = -0.5f;
        x[4] = 0.5f;
        x[5] = 126.5f;
        x[6] = -126.49f;
        x[7] = 0.49999997f;
        byte[] block = quantize(x);
        assertEquals(34, block.length);
        assertEquals(Float.floatToFloat16(1f), ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getShort(0));
        assertArrayEquals(new byte[]{127, -3, 3, -1, 1, 127, -126, 0}, java.util.Arrays.copyOfRange(block, 2, 10));
    }

    @Test
    void zeroBlockHasZeroScaleAndValues() {
        assertArrayEquals(new byte[34], quantize(new float[32]));
    }

    @Test
    void roundTripErrorIsWithinHalfAStepPlusScaleRounding() {
        SplittableRandom random = new SplittableRandom(42);
        float[] x = new float[32 * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * Math.exp(random.nextDouble(-6, 3)));
        }
        float[] back = new float[x.length];
        Q8Quantizer.dequantize(ByteBuffer.wrap(quantize(x)), back, 0, back.length);
        for (int block = 0; block < x.length; block += 32) {
            float amax = 0;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(x[block + j]));
            }
            float d = amax / 127f;
            float d16 = Float.float16ToFloat(Float.floatToFloat16(d));
            for (int j = 0; j < 32; j++) {
                // |x - q*d16| <= |x - q*d| + |q| |d - d16| <= d/2 + 127 |d - d16|
                double bound = d / 2 + 127 * Math.abs(d - d16) + 1e-6 * amax;
                assertTrue(Math.abs(x[block + j] - back[block + j]) <= bound,
                        "element %d: %g became %g (bound %g)".formatted(block + j, x[block + j], back[block + j], bound));
            }
        }
    }

    @Test
    void refusesPartialBlocksAndBigEndianBuffers() {
        assertThrows(IllegalArgumentException.class, () -> Q8Quantizer.quantize(new float[31], 0, 31, ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN)));
        assertThrows(IllegalArgumentException.class, () -> Q8Quantizer.quantize(new float[32], 0, 32, ByteBuffer.allocate(34)));
    }

    private static byte[] quantize(float[] x) {
        ByteBuffer out = ByteBuffer.allocate(x.length / 32 * 34).order(ByteOrder.LITTLE_ENDIAN);
        Q8Quantizer.quantize(x, 0, x.length, out);
        assertEquals(0, out.remaining());
        return out.array();
    }
}
