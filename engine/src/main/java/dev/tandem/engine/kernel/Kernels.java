package dev.tandem.engine.kernel;

import dev.tandem.engine.checkpoint.DType;

import java.lang.foreign.MemorySegment;

/**
 * The CPU kernels the forward pass is made of. {@link ScalarKernels} is the reference every other
 * implementation is tested against; {@link VectorKernels} is the one the engine runs.
 *
 * <p>Activations are flat {@code float[]} rows: {@code tokens} rows of {@code cols} values.
 */
public interface Kernels {

    /**
     * Weight-stationary matrix product for a batch of tokens:
     * {@code out[t * rows + r] = sum_c w[r, c] * x[t * cols + c]} for every token {@code t}.
     */
    void matmul(WeightMatrix w, float[] x, int tokens, float[] out);

    /** {@code out[outOff + i] = x[xOff + i] / rms(x) * weight[i]} over {@code dim} values. */
    void rmsNorm(float[] x, int xOff, float[] weight, float eps, float[] out, int outOff, int dim);

    /** Dot product of {@code n} values. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** Dot product of {@code q[qOff ..]} with {@code n} values stored as {@code dtype} (F32 or BF16) at {@code kv[offset ..]}. */
    float dot(float[] q, int qOff, MemorySegment kv, long offset, DType dtype, int n);

    /** {@code y[yOff + i] += a * kv[i]} for {@code n} values stored as {@code dtype} (F32 or BF16) at {@code kv[offset ..]}. */
    void axpy(float a, MemorySegment kv, long offset, DType dtype, int n, float[] y, int yOff);

    /**
     * Attention scores against {@code count} keys stored {@code stride} bytes apart from
     * {@code kv[offset]} (the rows of one KV block):
     * {@code scores[scoresOff + i] = dot(q[qOff ..], key i) * scale}, each exactly as {@link #dot(float[], int, MemorySegment, long, DType, int)}.
     */
    default void dots(float[] q, int qOff, MemorySegment kv, long offset, long stride, DType dtype, int n, int count,
                      float scale, float[] scores, int scoresOff) {
        for (int i = 0; i < count; i++) {
            scores[scoresOff + i] = dot(q, qOff, kv, offset + i * stride, dtype, n) * scale;
        }
    }

    /**
     * {@code y[yOff ..] += p[pOff + i] * value i} for {@code count} values stored {@code stride}
     * bytes apart from {@code kv[offset]}, in order of {@code i}, each exactly as
     * {@link #axpy(float, MemorySegment, long, DType, int, float[], int)}.
     */
    default void weightedSum(float[] p, int pOff, MemorySegment kv, long offset, long stride, DType dtype, int n, int count,
                             float[] y, int yOff) {
        for (int i = 0; i < count; i++) {
            axpy(p[pOff + i], kv, offset + i * stride, dtype, n, y, yOff);
        }
    }

    /** {@code y[yOff + i] += a * x[xOff + i]}. */
    void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code gate[i] = silu(gate[i]) * up[i]} (SwiGLU), in place over the first {@code n} values. */
    void siluMul(float[] gate, float[] up, int n);

    /** Softmax of {@code x[off .. off + n)} in place. */
    void softmax(float[] x, int off, int n);

    /** {@code acc[i] += x[i]} over the first {@code n} values. */
    void add(float[] acc, float[] x, int n);

    /**
     * Rotary embedding in the {@code rotate_half} layout on one head at {@code x[base ..]}:
     * value {@code i} pairs with {@code i + half}, rotated by the angle whose cosine and sine are
     * {@code cos[angleOff + i]}, {@code sin[angleOff + i]}.
     */
    void rotateHalf(float[] x, int base, float[] cos, float[] sin, int angleOff, int half);

    /** Converts row {@code row} of {@code w} to f32 into {@code out[outOff ..]} (embedding lookup). */
    void readRow(WeightMatrix w, int row, float[] out, int outOff);
}
