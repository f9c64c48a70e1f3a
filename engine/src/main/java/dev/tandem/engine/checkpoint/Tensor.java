package dev.tandem.engine.checkpoint;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A named tensor whose bytes live in a (usually memory-mapped) segment owned by its checkpoint.
 *
 * @param name  the Hugging Face name (GGUF names are mapped onto these)
 * @param dtype storage type
 * @param shape row-major dimensions, outermost first (GGUF's reversed dims are already undone)
 * @param data  exactly {@code dtype.bytesFor(elementCount())} bytes
 */
public record Tensor(String name, DType dtype, long[] shape, MemorySegment data) {

    public Tensor {
        shape = shape.clone();
        long expected = dtype.bytesFor(count(shape));
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("tensor %s: %s %s needs %d bytes, got %d"
                    .formatted(name, dtype, Arrays.toString(shape), expected, data.byteSize()));
        }
    }

    public long elementCount() {
        return count(shape);
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code i} as an int (model dimensions always fit). */
    public int dim(int i) {
        return Math.toIntExact(shape[i]);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return "Tensor[%s %s %s]".formatted(name, dtype, Arrays.toString(shape));
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
