package dev.tandem.engine.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import dev.tandem.engine.checkpoint.DType;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.S2I;

/**
 * Vector API kernels spread over a {@link ComputePool}. Matrix products decode each weight row to
 * f32 once and use it for every token of the batch, so one pass over the weights serves the batch.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int TOKEN_TILE = PanelProduct.TOKEN_TILE;
    private static final int SUM_TILE = 4;

    private final ComputePool pool;

    public VectorKernels(ComputePool pool) {
        if (32 % L != 0) {
            throw new IllegalStateException("Q8_0 blocks of 32 need a vector length dividing 32, got " + L);
        }
        this.pool = pool;
    }

    @Override
    public void matmul(WeightMatrix w, float[] x, int tokens, float[] out) {
        int grain = Math.max(1, 16384 / Math.max(1, w.cols()));
        if (tokens < TOKEN_TILE) {
            // Decode-sized batches are bound by reading the weights: dot straight from the row, no f32 copy.
            pool.parallelFor(w.rows(), grain, (from, to) -> dotRows(w, x, tokens, out, from, to));
            return;
        }
        int group = rowGroup(w.cols());
        pool.parallelFor(w.rows(), grain, (from, to) -> {
            PanelProduct panel = new PanelProduct(group, w.cols());
            for (int g = from; g < to; g += group) {
                int rows = Math.min(group, to - g);
                for (int i = 0; i < rows; i++) {
                    readRow(w, g + i, panel.rows(), panel.rowOffset(i));
                }
                panel.multiply(rows, x, tokens, out, g, w.rows());
            }
        });
    }

    /**
     * Rows decoded per panel: as many as fit 256 KiB of f32 (at most 16), so a panel stays in a
     * core's L2 while every token tile passes over it.
     */
    private static int rowGroup(int cols) {
        return Math.max(2, Math.min(16, 65536 / Math.max(1, cols)) & ~1);
    }

    /**
     * {@code out[t * rows + r] = x[t] · w[r]} for rows {@code [from, to)}, straight from the weight
     * bytes, four rows at a time: one row's dot product is a single dependent chain that waits on
     * its FMA latency (for Q8_0 after widening and scaling), and four independent chains fill the
     * gaps. The four rows are a quarter of the range apart, so the reads are four long sequential
     * streams the prefetcher follows (four adjacent rows are four 1 KB streams, each one a run of
     * cache misses). Each row keeps its own summation order, the one {@link #dotRow} and the
     * batched product use. f32 and bf16 rows are read through one slice spanning all four (as
     * attention reads four keys): given four slices, C2 kept deoptimizing the loop on a profiled
     * predicate and recompiling it, about twice a second for as long as the engine ran.
     */
    private void dotRows(WeightMatrix w, float[] x, int tokens, float[] out, int from, int to) {
        int quarter = (to - from) / 4;
        long rowBytes = w.rowBytes();
        boolean fourAtOnce = switch (w.dtype()) {
            case Q8_0 -> true;
            // One slice with int offsets: a four-row span past 2 GiB goes row by row, in the same order.
            case F32, BF16 -> (3L * quarter + 1) * rowBytes <= Integer.MAX_VALUE;
            case F16 -> false;
        };
        if (quarter > 0 && fourAtOnce) {
            for (int r = from; r < from + quarter; r++) {
                int r1 = r + quarter, r2 = r1 + quarter, r3 = r2 + quarter;
                if (w.dtype() == DType.Q8_0) {
                    MemorySegment w0 = w.data().asSlice(r * rowBytes, rowBytes), w1 = w.data().asSlice(r1 * rowBytes, rowBytes);
                    MemorySegment w2 = w.data().asSlice(r2 * rowBytes, rowBytes), w3 = w.data().asSlice(r3 * rowBytes, rowBytes);
                    for (int t = 0; t < tokens; t++) {
                        int o = t * w.rows();
                        fourRowDotsQ8(x, t * w.cols(), w0, w1, w2, w3, w.cols(), out, o + r, o + r1, o + r2, o + r3);
                    }
                } else {
                    int step = (int) (quarter * rowBytes);
                    MemorySegment rows = w.data().asSlice(r * rowBytes, 3L * step + rowBytes);
                    for (int t = 0; t < tokens; t++) {
                        int o = t * w.rows();
                        fourDots(x, t * w.cols(), rows, 0, step, 2 * step, 3 * step, w.dtype(), w.cols(), 1f,
                                out, o + r, o + r1, o + r2, o + r3);
                    }
                }
            }
            from += 4 * quarter;
        }
        for (int r = from; r < to; r++) {
            for (int t = 0; t < tokens; t++) {
                out[t * w.rows() + r] = dotRow(x, t * w.cols(), w, r);
            }
        }
    }

    /**
     * Four Q8_0 rows, each its own slice, against one token, each row in {@link #dotRow}'s order: per
     * block, its int8 weights widened, scaled, then fused into the row's one accumulator. (Its loads
     * keep their bounds checks inside the loop, against limits the JIT spills; reading the four rows
     * through one slice with {@code long} offsets measured at half the speed.)
     */
    private static void fourRowDotsQ8(float[] x, int xOff, MemorySegment w0, MemorySegment w1, MemorySegment w2, MemorySegment w3,
                                      int cols, float[] out, int o0, int o1, int o2, int o3) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        for (int block = 0; block < cols / 32; block++) {
            int at = 34 * block;
            float s0 = Numbers.f16ToFloat(w0.get(ScalarKernels.I16, at));
            float s1 = Numbers.f16ToFloat(w1.get(ScalarKernels.I16, at));
            float s2 = Numbers.f16ToFloat(w2.get(ScalarKernels.I16, at));
            float s3 = Numbers.f16ToFloat(w3.get(ScalarKernels.I16, at));
            for (int i = 0; i < 32; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + block * 32 + i);
                int q = at + 2 + i;
                a0 = ((FloatVector) ByteVector.fromMemorySegment(B, w0, q, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s0).fma(v, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(B, w1, q, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s1).fma(v, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(B, w2, q, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s2).fma(v, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(B, w3, q, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s3).fma(v, a3);
            }
        }
        out[o0] = sumLanes(a0);
        out[o1] = sumLanes(a1);
        out[o2] = sumLanes(a2);
        out[o3] = sumLanes(a3);
    }

    @Override
    public void rmsNorm(float[] x, int xOff, float[] weight, float eps, float[] out, int outOff, int dim) {
        float sumSquares = dotVector(x, xOff, x, xOff, dim);
        float scale = (float) (1.0 / Math.sqrt((double) sumSquares / dim + eps));
        int bound = F.loopBound(dim);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(scale).mul(FloatVector.fromArray(F, weight, i)).intoArray(out, outOff + i);
        }
        for (; i < dim; i++) {
            out[outOff + i] = x[xOff + i] * scale * weight[i];
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return dotVector(a, aOff, b, bOff, n);
    }

    static float dotVector(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    /**
     * {@code x[xOff ..] · w[r]} read in place, with exactly the values and summation order of
     * {@link #readRow} followed by a dot product, so the result is the batched product's.
     */
    private float dotRow(float[] x, int xOff, WeightMatrix w, int r) {
        MemorySegment data = w.data();
        long base = r * w.rowBytes();
        int cols = w.cols();
        switch (w.dtype()) {
            case F32, BF16 -> {
                return dot(x, xOff, data, base, w.dtype(), cols);
            }
            case F16 -> {
                FloatVector acc = FloatVector.zero(F);
                int bound = F.loopBound(cols);
                int c = 0;
                for (; c < bound; c += L) {
                    ShortVector bits = ShortVector.fromMemorySegment(S, data, base + 2L * c, LE);
                    acc = halfToFloat((IntVector) bits.convertShape(VectorOperators.S2I, I, 0)).fma(FloatVector.fromArray(F, x, xOff + c), acc);
                }
                float sum = sumLanes(acc);
                for (; c < cols; c++) {
                    sum += Numbers.f16ToFloat(data.get(ScalarKernels.I16, base + 2L * c)) * x[xOff + c];
                }
                return sum;
            }
            case Q8_0 -> {
                FloatVector acc = FloatVector.zero(F);
                for (int block = 0; block < cols / 32; block++) {
                    long blockBase = base + 34L * block;
                    float scale = Numbers.f16ToFloat(data.get(ScalarKernels.I16, blockBase));
                    for (int i = 0; i < 32; i += L) {
                        ByteVector quants = ByteVector.fromMemorySegment(B, data, blockBase + 2 + i, LE);
                        FloatVector weights = ((FloatVector) quants.convertShape(VectorOperators.B2F, F, 0)).mul(scale);
                        acc = weights.fma(FloatVector.fromArray(F, x, xOff + block * 32 + i), acc);
                    }
                }
                return sumLanes(acc);
            }
            default -> throw new IllegalStateException("unreachable: " + w.dtype());
        }
    }

    @Override
    public float dot(float[] q, int qOff, MemorySegment kv, long offset, DType dtype, int n) {
        // One accumulator, in the same order as the batched product: a token's result must not
        // depend on how many other tokens share its batch (batch invariance).
        FloatVector acc = FloatVector.zero(F);
        int bound = F.loopBound(n);
        int i = 0;
        if (dtype == DType.F32) {
            for (; i < bound; i += L) {
                acc = FloatVector.fromMemorySegment(F, kv, offset + 4L * i, LE).fma(FloatVector.fromArray(F, q, qOff + i), acc);
            }
        } else {
            for (; i < bound; i += L) {
                acc = ((IntVector) ShortVector.fromMemorySegment(S, kv, offset + 2L * i, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats()
                        .fma(FloatVector.fromArray(F, q, qOff + i), acc);
            }
        }
        float sum = sumLanes(acc);
        for (; i < n; i++) {
            sum += q[qOff + i] * kvValue(kv, offset, dtype, i);
        }
        return sum;
    }

    @Override
    public void dots(float[] q, int qOff, MemorySegment kv, long offset, long stride, DType dtype, int n, int count,
                     float scale, float[] scores, int scoresOff) {
        int i = 0;
        if (count >= 4) {
            MemorySegment rows = kv.asSlice(offset, (count - 1) * stride + dtype.bytesFor(n));
            for (; i + 4 <= count; i += 4) {
                int k0 = (int) (i * stride);
                fourDots(q, qOff, rows, k0, k0 + (int) stride, k0 + 2 * (int) stride, k0 + 3 * (int) stride, dtype, n, scale,
                        scores, scoresOff + i, scoresOff + i + 1, scoresOff + i + 2, scoresOff + i + 3);
            }
        }
        for (; i < count; i++) {
            scores[scoresOff + i] = dot(q, qOff, kv, offset + i * stride, dtype, n) * scale;
        }
    }

    /**
     * Four f32 or bf16 rows of {@code rows}, at byte offsets {@code k0 .. k3}, dotted with one vector
     * at once and multiplied by {@code scale}: four independent FMA chains sharing each load of
     * {@code x}, each in the order of {@link #dot(float[], int, MemorySegment, long, DType, int)}.
     * Attention passes four keys of a block, the decode-sized product four weight rows. One slice
     * with {@code int} offsets, so the bounds checks hoist out of the loop.
     */
    private static void fourDots(float[] x, int xOff, MemorySegment rows, int k0, int k1, int k2, int k3, DType dtype, int n,
                                 float scale, float[] out, int o0, int o1, int o2, int o3) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int bound = F.loopBound(n);
        int c = 0;
        if (dtype == DType.F32) {
            for (; c < bound; c += L) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + c);
                int at = 4 * c;
                a0 = FloatVector.fromMemorySegment(F, rows, k0 + at, LE).fma(v, a0);
                a1 = FloatVector.fromMemorySegment(F, rows, k1 + at, LE).fma(v, a1);
                a2 = FloatVector.fromMemorySegment(F, rows, k2 + at, LE).fma(v, a2);
                a3 = FloatVector.fromMemorySegment(F, rows, k3 + at, LE).fma(v, a3);
            }
        } else {
            for (; c < bound; c += L) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + c);
                int at = 2 * c;
                a0 = ((IntVector) ShortVector.fromMemorySegment(S, rows, k0 + at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(v, a0);
                a1 = ((IntVector) ShortVector.fromMemorySegment(S, rows, k1 + at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(v, a1);
                a2 = ((IntVector) ShortVector.fromMemorySegment(S, rows, k2 + at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(v, a2);
                a3 = ((IntVector) ShortVector.fromMemorySegment(S, rows, k3 + at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(v, a3);
            }
        }
        float s0 = sumLanes(a0), s1 = sumLanes(a1), s2 = sumLanes(a2), s3 = sumLanes(a3);
        for (; c < n; c++) {
            float v = x[xOff + c];
            s0 += v * kvValue(rows, k0, dtype, c);
            s1 += v * kvValue(rows, k1, dtype, c);
            s2 += v * kvValue(rows, k2, dtype, c);
            s3 += v * kvValue(rows, k3, dtype, c);
        }
        out[o0] = s0 * scale;
        out[o1] = s1 * scale;
        out[o2] = s2 * scale;
        out[o3] = s3 * scale;
    }

    /**
     * Keeps {@link #SUM_TILE} vectors of {@code y} in registers across all the values, instead of
     * loading and storing {@code y} once per value as a chain of {@code axpy} calls would; every
     * lane still gets the same fused multiply-adds in the same order.
     */
    @Override
    public void weightedSum(float[] p, int pOff, MemorySegment kv, long offset, long stride, DType dtype, int n, int count,
                            float[] y, int yOff) {
        if (count == 0) {
            return;
        }
        MemorySegment rows = kv.asSlice(offset, (count - 1) * stride + dtype.bytesFor(n));
        int bytes = dtype == DType.F32 ? 4 : 2;
        int tile = SUM_TILE * L;
        int c = 0;
        for (; c + tile <= n; c += tile) {
            FloatVector y0 = FloatVector.fromArray(F, y, yOff + c), y1 = FloatVector.fromArray(F, y, yOff + c + L);
            FloatVector y2 = FloatVector.fromArray(F, y, yOff + c + 2 * L), y3 = FloatVector.fromArray(F, y, yOff + c + 3 * L);
            if (dtype == DType.F32) {
                for (int i = 0; i < count; i++) {
                    FloatVector a = FloatVector.broadcast(F, p[pOff + i]);
                    int at = (int) (i * stride) + 4 * c;
                    y0 = FloatVector.fromMemorySegment(F, rows, at, LE).fma(a, y0);
                    y1 = FloatVector.fromMemorySegment(F, rows, at + 4 * L, LE).fma(a, y1);
                    y2 = FloatVector.fromMemorySegment(F, rows, at + 8 * L, LE).fma(a, y2);
                    y3 = FloatVector.fromMemorySegment(F, rows, at + 12 * L, LE).fma(a, y3);
                }
            } else {
                for (int i = 0; i < count; i++) {
                    FloatVector a = FloatVector.broadcast(F, p[pOff + i]);
                    int at = (int) (i * stride) + 2 * c;
                    y0 = ((IntVector) ShortVector.fromMemorySegment(S, rows, at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(a, y0);
                    y1 = ((IntVector) ShortVector.fromMemorySegment(S, rows, at + 2 * L, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(a, y1);
                    y2 = ((IntVector) ShortVector.fromMemorySegment(S, rows, at + 4 * L, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(a, y2);
                    y3 = ((IntVector) ShortVector.fromMemorySegment(S, rows, at + 6 * L, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(a, y3);
                }
            }
            y0.intoArray(y, yOff + c);
            y1.intoArray(y, yOff + c + L);
            y2.intoArray(y, yOff + c + 2 * L);
            y3.intoArray(y, yOff + c + 3 * L);
        }
        if (c < n) {
            for (int i = 0; i < count; i++) {
                axpy(p[pOff + i], rows, i * stride + (long) bytes * c, dtype, n - c, y, yOff + c);
            }
        }
    }

    @Override
    public void axpy(float a, MemorySegment kv, long offset, DType dtype, int n, float[] y, int yOff) {
        FloatVector weight = FloatVector.broadcast(F, a);
        int bound = F.loopBound(n);
        int i = 0;
        if (dtype == DType.F32) {
            for (; i < bound; i += L) {
                FloatVector.fromMemorySegment(F, kv, offset + 4L * i, LE).fma(weight, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
            }
        } else {
            for (; i < bound; i += L) {
                ((IntVector) ShortVector.fromMemorySegment(S, kv, offset + 2L * i, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats()
                        .fma(weight, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
            }
        }
        for (; i < n; i++) {
            y[yOff + i] += a * kvValue(kv, offset, dtype, i);
        }
    }

    private static float kvValue(MemorySegment kv, long offset, DType dtype, int i) {
        return dtype == DType.F32
                ? kv.get(ScalarKernels.F32, offset + 4L * i)
                : Numbers.bf16ToFloat(kv.get(ScalarKernels.I16, offset + 2L * i));
    }

    /**
     * The sum of the lanes, always in lane order. {@code reduceLanes(ADD)} may associate
     * differently when compiled than when interpreted, which would make a token's logits depend
     * on JIT state and on which code path (batched or single) computed them.
     */
    static float sumLanes(FloatVector v) {
        float sum = v.lane(0);
        for (int i = 1; i < L; i++) {
            sum += v.lane(i);
        }
        return sum;
    }

    @Override
    public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.broadcast(F, a), FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    @Override
    public void siluMul(float[] gate, float[] up, int n) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gate, i);
            FloatVector sigmoid = ReproducibleExp.exp(g.neg()).add(1f);
            g.div(sigmoid).mul(FloatVector.fromArray(F, up, i)).intoArray(gate, i);
        }
        for (; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + ReproducibleExp.exp(-g)) * up[i];
        }
    }

    @Override
    public void softmax(float[] x, int off, int n) {
        int bound = F.loopBound(n);
        FloatVector maxes = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            maxes = maxes.max(FloatVector.fromArray(F, x, off + i));
        }
        float max = maxes.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        FloatVector sums = FloatVector.zero(F);
        for (i = 0; i < bound; i += L) {
            FloatVector e = ReproducibleExp.exp(FloatVector.fromArray(F, x, off + i).sub(max));
            e.intoArray(x, off + i);
            sums = sums.add(e);
        }
        float sum = sumLanes(sums);
        for (; i < n; i++) {
            x[off + i] = ReproducibleExp.exp(x[off + i] - max);
            sum += x[off + i];
        }
        float inverse = 1f / sum;
        for (i = 0; i < bound; i += L) {
            FloatVector.fromArray(F, x, off + i).mul(inverse).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] *= inverse;
        }
    }

    @Override
    public void add(float[] acc, float[] x, int n) {
        int bound = F.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(F, acc, i).add(FloatVector.fromArray(F, x, i)).intoArray(acc, i);
        }
        for (; i < n; i++) {
            acc[i] += x[i];
        }
    }

    @Override
    public void rotateHalf(float[] x, int base, float[] cos, float[] sin, int angleOff, int half) {
        int bound = F.loopBound(half);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector x1 = FloatVector.fromArray(F, x, base + i);
            FloatVector x2 = FloatVector.fromArray(F, x, base + i + half);
            FloatVector c = FloatVector.fromArray(F, cos, angleOff + i);
            FloatVector s = FloatVector.fromArray(F, sin, angleOff + i);
            x1.mul(c).sub(x2.mul(s)).intoArray(x, base + i);
            x2.mul(c).add(x1.mul(s)).intoArray(x, base + i + half);
        }
        for (; i < half; i++) {
            float x1 = x[base + i];
            float x2 = x[base + i + half];
            x[base + i] = x1 * cos[angleOff + i] - x2 * sin[angleOff + i];
            x[base + i + half] = x2 * cos[angleOff + i] + x1 * sin[angleOff + i];
        }
    }

    @Override
    public void readRow(WeightMatrix w, int row, float[] out, int outOff) {
        MemorySegment data = w.data();
        long base = row * w.rowBytes();
        int cols = w.cols();
        switch (w.dtype()) {
            case F32 -> MemorySegment.copy(data, ScalarKernels.F32, base, out, outOff, cols);
            case BF16 -> readBf16(data, base, out, outOff, cols);
            case F16 -> readF16(data, base, out, outOff, cols);
            case Q8_0 -> readQ8(data, base, out, outOff, cols);
        }
    }

    private static void readBf16(MemorySegment data, long base, float[] out, int outOff, int cols) {
        int bound = F.loopBound(cols);
        int c = 0;
        for (; c < bound; c += L) {
            ((IntVector) ShortVector.fromMemorySegment(S, data, base + 2L * c, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats()
                    .intoArray(out, outOff + c);
        }
        for (; c < cols; c++) {
            out[outOff + c] = Numbers.bf16ToFloat(data.get(ScalarKernels.I16, base + 2L * c));
        }
    }

    private static void readF16(MemorySegment data, long base, float[] out, int outOff, int cols) {
        int bound = F.loopBound(cols);
        int c = 0;
        for (; c < bound; c += L) {
            ShortVector bits = ShortVector.fromMemorySegment(S, data, base + 2L * c, LE);
            halfToFloat((IntVector) bits.convertShape(VectorOperators.S2I, I, 0)).intoArray(out, outOff + c);
        }
        for (; c < cols; c++) {
            out[outOff + c] = Numbers.f16ToFloat(data.get(ScalarKernels.I16, base + 2L * c));
        }
    }

    /**
     * IEEE half to float on all lanes: shifting exponent and mantissa into float position and scaling
     * by 2^112 re-biases the exponent, and handles subnormals exactly; infinities and NaNs are patched.
     */
    private static FloatVector halfToFloat(IntVector half) {
        IntVector sign = half.and(0x8000).lanewise(VectorOperators.LSHL, 16);
        IntVector magnitude = half.and(0x7FFF).lanewise(VectorOperators.LSHL, 13);
        IntVector scaled = magnitude.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        VectorMask<Integer> infOrNan = half.and(0x7C00).eq(0x7C00);
        return scaled.blend(magnitude.or(0x7F800000), infOrNan).or(sign).reinterpretAsFloats();
    }

    private static void readQ8(MemorySegment data, long base, float[] out, int outOff, int cols) {
        for (int block = 0; block < cols / 32; block++) {
            long blockBase = base + 34L * block;
            float scale = Numbers.f16ToFloat(data.get(ScalarKernels.I16, blockBase));
            for (int i = 0; i < 32; i += L) {
                ByteVector quants = ByteVector.fromMemorySegment(B, data, blockBase + 2 + i, LE);
                ((FloatVector) quants.convertShape(VectorOperators.B2F, F, 0)).mul(scale).intoArray(out, outOff + block * 32 + i);
            }
        }
    }

}
