package dev.tandem.engine.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * GGML Q8_0 quantization, bit for bit as ggml's {@code quantize_row_q8_0_ref} (and gguf-py's numpy port):
 * each block of 32 values stores the scale {@code d = max|x| / 127} as an IEEE half (round to nearest even),
 * then 32 signed bytes {@code q = roundf(x * (1/d))}, rounding halves away from zero; an all-zero block has
 * {@code d = 0} and {@code q = 0}. The byte is computed from the float scale, before it is rounded to half.
 */
public final class Q8Quantizer {

    /** Values per block. */
    public static final int BLOCK = 32;
    /** Bytes per block: the f16 scale, then 32 int8. */
    public static final int BLOCK_BYTES = 34;

    private Q8Quantizer() {
    }

    /**
     * Quantizes {@code n} values (a multiple of {@value #BLOCK}) from {@code x[offset..]} and puts the
     * {@code n / 32} blocks into {@code out}, which must be little-endian.
     */
    public static void quantize(float[] x, int offset, int n, ByteBuffer out) {
        if (n % BLOCK != 0) {
            throw new IllegalArgumentException("Q8_0 quantizes whole blocks of %d values, got %d".formatted(BLOCK, n));
        }
        if (out.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalArgumentException("Q8_0 blocks are little-endian; the buffer is " + out.order());
        }
        for (int block = offset; block < offset + n; block += BLOCK) {
            float amax = 0f;
            for (int j = 0; j < BLOCK; j++) {
                amax = Math.max(amax, Math.abs(x[block + j]));
            }
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            out.putShort(Float.floatToFloat16(d));
            for (int j = 0; j < BLOCK; j++) {
                out.put((byte) roundHalfAwayFromZero(x[block + j] * id));
            }
        }
    }

    /** Dequantizes {@code n} values from the blocks at the buffer's position (advancing it) into {@code out[offset..]}. */
    public static void dequantize(ByteBuffer in, float[] out, int offset, int n) {
        if (n % BLOCK != 0) {
            throw new IllegalArgumentException("Q8_0 holds whole blocks of %d values, got %d".formatted(BLOCK, n));
        }
        for (int block = offset; block < offset + n; block += BLOCK) {
            float d = Float.float16ToFloat(in.order(ByteOrder.LITTLE_ENDIAN).getShort());
            for (int j = 0; j < BLOCK; j++) {
                out[block + j] = d * in.get();
            }
        }
    }

    /** C's {@code roundf}: halves go away from zero (Java's {@link Math#round} sends -2.5 to -2, roundf to -3). */
    static float roundHalfAwayFromZero(float v) {
        double magnitude = Math.abs((double) v);
        double floor = Math.floor(magnitude);
        double rounded = magnitude - floor >= 0.5 ? floor + 1 : floor;
        return (float) Math.copySign(rounded, v);
    }
}
