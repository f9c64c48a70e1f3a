package dev.tandem.engine.checkpoint;

import java.util.Arrays;

/**
 * A tensor to write: its name, dtype, row-major shape and content.
 *
 * @param content produces exactly {@link #byteSize()} bytes when written
 */
public record WritableTensor(String name, DType dtype, long[] shape, TensorContent content) {

    public WritableTensor {
        shape = shape.clone();
        byteSize(dtype, shape);
    }

    /** A loaded tensor, copied as it is. */
    public static WritableTensor copyOf(Tensor tensor) {
        return new WritableTensor(tensor.name(), tensor.dtype(), tensor.shape(), TensorContent.of(tensor.data()));
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long byteSize() {
        return byteSize(dtype, shape);
    }

    private static long byteSize(DType dtype, long[] shape) {
        return dtype.bytesFor(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    }

    @Override
    public String toString() {
        return "WritableTensor[%s %s %s]".formatted(name, dtype, Arrays.toString(shape));
    }
}
