package dev.tandem.engine.checkpoint;

import java.util.Arrays;

/**
 * A tensor to write into a GGUF file.
 *
 * @param name    the GGUF name, e.g. {@code blk.0.attn_q.weight}
 * @param dtype   storage type in the file
 * @param shape   row-major shape (the file stores it reversed, in ggml order)
 * @param content produces exactly {@link #byteSize()} bytes
 */
record GgufTensorEntry(String name, DType dtype, long[] shape, TensorContent content) {

    GgufTensorEntry {
        shape = shape.clone();
        if (shape.length < 1 || shape.length > 4) {
            throw new IllegalArgumentException("tensor %s: GGUF holds 1 to 4 dimensions, got %s".formatted(name, Arrays.toString(shape)));
        }
        if (shape[shape.length - 1] % dtype.blockSize() != 0) {
            throw new IllegalArgumentException("tensor %s: rows of %d elements do not fill whole %s blocks"
                    .formatted(name, shape[shape.length - 1], dtype));
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Dims in ggml order: innermost first. */
    long[] dims() {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[shape.length - 1 - i];
        }
        return dims;
    }

    long byteSize() {
        return dtype.bytesFor(Arrays.stream(shape).reduce(1, Math::multiplyExact));
    }
}
