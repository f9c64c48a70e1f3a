package dev.tandem.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The batched matrix product's inner part: a panel of weight rows already decoded to f32 against
 * every token of a batch, {@code out[t * stride + r + i] = panel[i] · x[t]}.
 *
 * <p>Tiles of two rows by four tokens (eight accumulators in registers); token tiles in the outer
 * loop, so a tile's activations stay in L1 (or L2, for rows over 2,048 columns) while they meet
 * every row of the panel, which stays in L2. Before panels, every row pair re-read all the
 * chunk's activations (2 MiB for 512 tokens of 1,024) from L3. Blocking the columns as well, so
 * that wide rows' tiles fit L1, measured no better for 3,072 columns and was dropped.
 *
 * <p>Each output is one FMA chain over the columns in order, lane by lane, then its lanes summed
 * and the columns past the last full vector added: the order of {@link VectorKernels#dotVector}
 * and of the decode kernels, whatever the tile, so a token's result does not depend on
 * the batch around it.
 */
final class PanelProduct {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    static final int TOKEN_TILE = 4;

    /** Each thread's panel storage, kept between products (one product per chunk would otherwise allocate it). */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private final float[] panel;
    private final int cols;

    /**
     * A panel of up to {@code maxRows} rows of {@code cols} columns in the calling thread's scratch,
     * reused for each row group; only the thread that made it may use it.
     */
    PanelProduct(int maxRows, int cols) {
        this.cols = cols;
        float[] scratch = SCRATCH.get();
        if (scratch.length < maxRows * cols) {
            scratch = new float[maxRows * cols];
            SCRATCH.set(scratch);
        }
        this.panel = scratch;
    }

    /** Where row {@code i} of the panel is to be decoded. */
    float[] rows() {
        return panel;
    }

    int rowOffset(int i) {
        return i * cols;
    }

    /** The first {@code rows} panel rows, whose outputs are rows {@code r ..} of {@code out}. */
    void multiply(int rows, float[] x, int tokens, float[] out, int r, int stride) {
        int t = 0;
        for (; t + TOKEN_TILE <= tokens; t += TOKEN_TILE) {
            int i = 0;
            for (; i + 1 < rows; i += 2) {
                twoRowsFourTokens(i, x, t * cols, out, t * stride + r + i, stride);
            }
            if (i < rows) {
                oneRowFourTokens(i, x, t * cols, out, t * stride + r + i, stride);
            }
        }
        for (; t < tokens; t++) {
            for (int i = 0; i < rows; i++) {
                out[t * stride + r + i] = VectorKernels.dotVector(panel, i * cols, x, t * cols, cols);
            }
        }
    }

    /** Rows {@code i} and {@code i + 1} against the four tokens from {@code x0}; outputs from {@code o}. */
    private void twoRowsFourTokens(int i, float[] x, int x0, float[] out, int o, int stride) {
        float[] w = panel;
        int aOff = i * cols, bOff = aOff + cols;
        int x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int bound = F.loopBound(cols);
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        FloatVector b0 = FloatVector.zero(F), b1 = FloatVector.zero(F), b2 = FloatVector.zero(F), b3 = FloatVector.zero(F);
        int c = 0;
        for (; c < bound; c += L) {
            FloatVector wa = FloatVector.fromArray(F, w, aOff + c);
            FloatVector wb = FloatVector.fromArray(F, w, bOff + c);
            FloatVector v0 = FloatVector.fromArray(F, x, x0 + c);
            a0 = wa.fma(v0, a0);
            b0 = wb.fma(v0, b0);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + c);
            a1 = wa.fma(v1, a1);
            b1 = wb.fma(v1, b1);
            FloatVector v2 = FloatVector.fromArray(F, x, x2 + c);
            a2 = wa.fma(v2, a2);
            b2 = wb.fma(v2, b2);
            FloatVector v3 = FloatVector.fromArray(F, x, x3 + c);
            a3 = wa.fma(v3, a3);
            b3 = wb.fma(v3, b3);
        }
        float sa0 = VectorKernels.sumLanes(a0), sa1 = VectorKernels.sumLanes(a1);
        float sa2 = VectorKernels.sumLanes(a2), sa3 = VectorKernels.sumLanes(a3);
        float sb0 = VectorKernels.sumLanes(b0), sb1 = VectorKernels.sumLanes(b1);
        float sb2 = VectorKernels.sumLanes(b2), sb3 = VectorKernels.sumLanes(b3);
        for (; c < cols; c++) {
            float wa = w[aOff + c], wb = w[bOff + c];
            sa0 += wa * x[x0 + c];
            sb0 += wb * x[x0 + c];
            sa1 += wa * x[x1 + c];
            sb1 += wb * x[x1 + c];
            sa2 += wa * x[x2 + c];
            sb2 += wb * x[x2 + c];
            sa3 += wa * x[x3 + c];
            sb3 += wb * x[x3 + c];
        }
        out[o] = sa0;
        out[o + 1] = sb0;
        out[o + stride] = sa1;
        out[o + stride + 1] = sb1;
        out[o + 2 * stride] = sa2;
        out[o + 2 * stride + 1] = sb2;
        out[o + 3 * stride] = sa3;
        out[o + 3 * stride + 1] = sb3;
    }

    /** Row {@code i} alone (a group's odd last row), as {@link #twoRowsFourTokens}. */
    private void oneRowFourTokens(int i, float[] x, int x0, float[] out, int o, int stride) {
        float[] w = panel;
        int off = i * cols;
        int x1 = x0 + cols, x2 = x1 + cols, x3 = x2 + cols;
        int bound = F.loopBound(cols);
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int c = 0;
        for (; c < bound; c += L) {
            FloatVector wv = FloatVector.fromArray(F, w, off + c);
            a0 = wv.fma(FloatVector.fromArray(F, x, x0 + c), a0);
            a1 = wv.fma(FloatVector.fromArray(F, x, x1 + c), a1);
            a2 = wv.fma(FloatVector.fromArray(F, x, x2 + c), a2);
            a3 = wv.fma(FloatVector.fromArray(F, x, x3 + c), a3);
        }
        float s0 = VectorKernels.sumLanes(a0), s1 = VectorKernels.sumLanes(a1);
        float s2 = VectorKernels.sumLanes(a2), s3 = VectorKernels.sumLanes(a3);
        for (; c < cols; c++) {
            float wv = w[off + c];
            s0 += wv * x[x0 + c];
            s1 += wv * x[x1 + c];
            s2 += wv * x[x2 + c];
            s3 += wv * x[x3 + c];
        }
        out[o] = s0;
        out[o + stride] = s1;
        out[o + 2 * stride] = s2;
        out[o + 3 * stride] = s3;
    }
}
