package dev.tandem.engine.kernel;

import dev.tandem.engine.checkpoint.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Plain-loop reference kernels: slow, obviously right, and the yardstick for {@link VectorKernels}. */
public final class ScalarKernels implements Kernels {

    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public void matmul(WeightMatrix w, float[] x, int tokens, float[] out) {
        float[] row = new float[w.cols()];
        for (int r = 0; r < w.rows(); r++) {
            readRow(w, r, row, 0);
            for (int t = 0; t < tokens; t++) {
                out[t * w.rows() + r] = dot(row, 0, x, t * w.cols(), w.cols());
            }
        }
    }

    @Override
    public void rmsNorm(float[] x, int xOff, float[] weight, float eps, float[] out, int outOff, int dim) {
        double sumSquares = 0;
        for (int i = 0; i < dim; i++) {
            sumSquares += (double) x[xOff + i] * x[xOff + i];
        }
        float scale = (float) (1.0 / Math.sqrt(sumSquares / dim + eps));
        for (int i = 0; i < dim; i++) {
            out[outOff + i] = x[xOff + i] * scale * weight[i];
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public float dot(float[] q, int qOff, MemorySegment kv, long offset, DType dtype, int n) {
        float sum = 0;
        for (int i = 0; i < n; i++) {
            sum += q[qOff + i] * kvValue(kv, offset, dtype, i);
        }
        return sum;
    }

    @Override
    public void axpy(float a, MemorySegment kv, long offset, DType dtype, int n, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * kvValue(kv, offset, dtype, i);
        }
    }

    private static float kvValue(MemorySegment kv, long offset, DType dtype, int i) {
        return switch (dtype) {
            case F32 -> kv.get(F32, offset + 4L * i);
            case BF16 -> Numbers.bf16ToFloat(kv.get(I16, offset + 2L * i));
            default -> throw new IllegalArgumentException("KV values are F32 or BF16, not " + dtype);
        };
    }

    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void siluMul(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    @Override
    public void softmax(float[] x, int off, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            x[off + i] = (float) Math.exp(x[off + i] - max);
            sum += x[off + i];
        }
        for (int i = 0; i < n; i++) {
            x[off + i] /= sum;
        }
    }

    @Override
    public void add(float[] acc, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            acc[i] += x[i];
        }
    }

    @Override
    public void rotateHalf(float[] x, int base, float[] cos, float[] sin, int angleOff, int half) {
        for (int i = 0; i < half; i++) {
            float x1 = x[base + i];
            float x2 = x[base + i + half];
            float c = cos[angleOff + i];
            float s = sin[angleOff + i];
            x[base + i] = x1 * c - x2 * s;
            x[base + i + half] = x2 * c + x1 * s;
        }
    }

    @Override
    public void readRow(WeightMatrix w, int row, float[] out, int outOff) {
        MemorySegment data = w.data();
        long base = row * w.rowBytes();
        int cols = w.cols();
        switch (w.dtype()) {
            case F32 -> {
                for (int c = 0; c < cols; c++) {
                    out[outOff + c] = data.get(F32, base + 4L * c);
                }
            }
            case BF16 -> {
                for (int c = 0; c < cols; c++) {
                    out[outOff + c] = Numbers.bf16ToFloat(data.get(I16, base + 2L * c));
                }
            }
            case F16 -> {
                for (int c = 0; c < cols; c++) {
                    out[outOff + c] = Numbers.f16ToFloat(data.get(I16, base + 2L * c));
                }
            }
            case Q8_0 -> {
                for (int block = 0; block < cols / 32; block++) {
                    long blockBase = base + 34L * block;
                    float scale = Numbers.f16ToFloat(data.get(I16, blockBase));
                    for (int i = 0; i < 32; i++) {
                        out[outOff + block * 32 + i] = scale * data.get(ValueLayout.JAVA_BYTE, blockBase + 2 + i);
                    }
                }
            }
        }
    }
}
