package dev.tandem.engine.checkpoint;

import java.util.Arrays;

/**
 * A tensor as a GGUF file describes it.
 *
 * @param name      the GGUF name, e.g. {@code blk.0.attn_q.weight}
 * @param dims      ggml order: innermost (contiguous) dimension first, the reverse of a row-major shape
 * @param ggmlType  the ggml type number (0 F32, 1 F16, 8 Q8_0, 30 BF16, ...)
 * @param offset    byte offset relative to the start of the data section
 */
public record GgufTensorInfo(String name, long[] dims, int ggmlType, long offset) {

    public GgufTensorInfo {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** Row-major shape: the dims reversed. */
    public long[] shape() {
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[dims.length - 1 - i];
        }
        return shape;
    }

    public int nDims() {
        return dims.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufTensorInfo that && name.equals(that.name) && Arrays.equals(dims, that.dims)
                && ggmlType == that.ggmlType && offset == that.offset;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return "GgufTensorInfo[%s dims=%s type=%d offset=%d]".formatted(name, Arrays.toString(dims), ggmlType, offset);
    }
}
