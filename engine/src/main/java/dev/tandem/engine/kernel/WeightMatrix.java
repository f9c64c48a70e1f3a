package dev.tandem.engine.kernel;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.Tensor;

import java.lang.foreign.MemorySegment;

/**
 * A row-major weight matrix {@code [rows, cols]} in its storage type, read in place (no copy).
 * Row {@code r} starts at byte {@code r * rowBytes()}.
 */
public record WeightMatrix(String name, DType dtype, int rows, int cols, MemorySegment data) {

    public WeightMatrix {
        if (cols % dtype.blockSize() != 0) {
            throw new IllegalArgumentException("%s: %d columns are not a multiple of the %s block size %d"
                    .formatted(name, cols, dtype, dtype.blockSize()));
        }
        long expected = (long) rows * dtype.bytesFor(cols);
        if (data.byteSize() != expected) {
            throw new IllegalArgumentException("%s: [%d, %d] %s needs %d bytes, got %d"
                    .formatted(name, rows, cols, dtype, expected, data.byteSize()));
        }
    }

    /** Views a 2-D tensor as a weight matrix. */
    public static WeightMatrix of(Tensor tensor) {
        if (tensor.rank() != 2) {
            throw new IllegalArgumentException("%s: expected a 2-D weight, got %s".formatted(tensor.name(), tensor));
        }
        return new WeightMatrix(tensor.name(), tensor.dtype(), tensor.dim(0), tensor.dim(1), tensor.data());
    }

    public long rowBytes() {
        return dtype.bytesFor(cols);
    }

    /** Bytes read by one pass over the whole matrix. */
    public long byteSize() {
        return data.byteSize();
    }
}
