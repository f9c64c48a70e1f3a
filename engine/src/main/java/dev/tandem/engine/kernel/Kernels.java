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
