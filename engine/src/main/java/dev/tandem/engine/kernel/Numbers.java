package dev.tandem.engine.kernel;

/** Conversions of the 16-bit float formats that weights are stored in. */
public final class Numbers {

    private Numbers() {
    }

    /** bfloat16 is the upper half of an IEEE float32. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /** float32 to bfloat16 with round-to-nearest-even (NaN stays NaN). */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    public static float f16ToFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    public static short floatToF16(float value) {
        return Float.floatToFloat16(value);
    }
}
