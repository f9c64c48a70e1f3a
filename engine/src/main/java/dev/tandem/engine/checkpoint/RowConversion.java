package dev.tandem.engine.checkpoint;

import dev.tandem.engine.kernel.Numbers;
import dev.tandem.engine.kernel.Q8Quantizer;
import dev.tandem.engine.kernel.ScalarKernels;
import dev.tandem.engine.kernel.WeightMatrix;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntUnaryOperator;

/**
 * The content of a tensor re-encoded row by row: rows taken in a chosen order (for the Q/K permutation) and
 * stored in a target type. Same type: the bytes are copied as they are. Otherwise each row is decoded to
 * float32 and encoded again: bf16 and f16 round to nearest even, Q8_0 as {@link Q8Quantizer}. Rows go out in
 * chunks of about a megabyte, so a tensor is never held whole.
 */
final class RowConversion {

    private static final int CHUNK_BYTES = 1 << 20;

    private RowConversion() {
    }

    /**
     * @param source      the tensor, viewed as {@code rows} rows of {@code cols} elements
     * @param target      the type to store
     * @param sourceRowOf output row to the source row it comes from
     */
    static TensorContent of(Tensor source, int rows, int cols, DType target, IntUnaryOperator sourceRowOf) {
        if ((long) rows * cols != source.elementCount()) {
            throw new IllegalArgumentException("tensor %s: %d rows of %d do not cover %s".formatted(source.name(), rows, cols, source));
        }
        WeightMatrix matrix = new WeightMatrix(source.name(), source.dtype(), rows, cols, source.data());
        if (source.dtype() == target) {
            return copyRows(matrix, sourceRowOf);
        }
        return convertRows(matrix, target, sourceRowOf);
    }

    private static TensorContent copyRows(WeightMatrix matrix, IntUnaryOperator sourceRowOf) {
        return out -> {
            long rowBytes = matrix.rowBytes();
            ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.max(CHUNK_BYTES, rowBytes));
            MemorySegment chunk = MemorySegment.ofBuffer(buffer);
            int rowsPerChunk = (int) (buffer.capacity() / rowBytes);
            for (int row = 0; row < matrix.rows(); row += rowsPerChunk) {
                int count = Math.min(rowsPerChunk, matrix.rows() - row);
                for (int i = 0; i < count; i++) {
                    long from = sourceRowOf.applyAsInt(row + i) * rowBytes;
                    MemorySegment.copy(matrix.data(), from, chunk, i * rowBytes, rowBytes);
                }
                TensorContent.writeFully(out, buffer.clear().limit((int) (count * rowBytes)));
            }
        };
    }

    private static TensorContent convertRows(WeightMatrix matrix, DType target, IntUnaryOperator sourceRowOf) {
        int cols = matrix.cols();
        long rowBytes = target.bytesFor(cols);
        return out -> {
            ScalarKernels decoder = new ScalarKernels();
            float[] values = new float[cols];
            ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.max(CHUNK_BYTES, rowBytes)).order(ByteOrder.LITTLE_ENDIAN);
            for (int row = 0; row < matrix.rows(); row++) {
                if (buffer.remaining() < rowBytes) {
                    TensorContent.writeFully(out, buffer.flip());
                    buffer.clear();
                }
                decoder.readRow(matrix, sourceRowOf.applyAsInt(row), values, 0);
                encode(values, target, buffer);
            }
            TensorContent.writeFully(out, buffer.flip());
        };
    }

    private static void encode(float[] values, DType target, ByteBuffer out) {
        switch (target) {
            case F32 -> {
                for (float v : values) {
                    out.putFloat(v);
                }
            }
            case BF16 -> {
                for (float v : values) {
                    out.putShort(Numbers.floatToBf16(v));
                }
            }
            case F16 -> {
                for (float v : values) {
                    out.putShort(Numbers.floatToF16(v));
                }
            }
            case Q8_0 -> Q8Quantizer.quantize(values, 0, values.length, out);
        }
    }
}
