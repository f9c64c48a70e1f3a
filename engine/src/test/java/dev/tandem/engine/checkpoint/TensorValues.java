package dev.tandem.engine.checkpoint;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Test helper: a tensor's elements as floats, and raw 16-bit words, decoded from its little-endian bytes. */
public final class TensorValues {

    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TensorValues() {
    }

    public static float[] floats(Tensor tensor) {
        MemorySegment data = tensor.data();
        float[] values = new float[Math.toIntExact(tensor.elementCount())];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (tensor.dtype()) {
                case F32 -> data.getAtIndex(F32, i);
                case F16 -> Float.float16ToFloat(data.getAtIndex(U16, i));
                case BF16 -> Float.intBitsToFloat(data.getAtIndex(U16, i) << 16);
                case Q8_0 -> throw new IllegalArgumentException("decode Q8_0 blockwise");
            };
        }
        return values;
    }

    /** The raw 16-bit words of a BF16 or F16 tensor. */
    public static short[] shorts(Tensor tensor) {
        return tensor.data().toArray(U16);
    }

    /** Row {@code row} of a 2-D tensor. */
    public static float[] row(Tensor tensor, int row) {
        float[] all = floats(tensor);
        int cols = tensor.dim(1);
        float[] out = new float[cols];
        System.arraycopy(all, row * cols, out, 0, cols);
        return out;
    }
}
