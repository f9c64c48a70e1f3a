package dev.tandem.engine.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import dev.tandem.engine.checkpoint.DType;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static jdk.incubator.vector.VectorOperators.B2F;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.S2I;

/**
 * The decode-time matrix-vector product: four weight rows dotted with one token, straight from the
 * weight bytes (no f32 copy of the row).
 *
 * <p>A single row's dot is one chain of dependent FMAs, so it runs at the FMA latency, not at the
 * speed memory delivers the row. Four rows give four independent chains that share each load of
 * the activations, which is what lets a decode step stream the weights at memory speed. Each row
 * keeps its own single accumulator, summed in exactly the order of {@code VectorKernels}' f32-row
 * products, so a token's result never depends on the path or the batch that computed it.
 *
 * <p>Each row is read through its own slice with {@code int} offsets: the JIT then proves the
 * loads in bounds once per loop instead of checking every one, which with four rows in flight
 * would otherwise cost more than the arithmetic. The loops call no helper that returns a vector:
 * a helper over the JIT's always-inline size is inlined only while its call site looks hot, and
 * one compiled without it boxes every vector (20x slower).
 */
final class FourRowDots {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private FourRowDots() {
    }

    /** Whether {@code dtype} has a fused four-row kernel. */
    static boolean supports(DType dtype) {
        return dtype == DType.BF16 || dtype == DType.Q8_0 || dtype == DType.F32;
    }

    /** {@code out[outOff + k] = w[r + k] · x[xOff ..]} for {@code k = 0..3}. */
    static void dot(WeightMatrix w, int r, float[] x, int xOff, float[] out, int outOff) {
        long rowBytes = w.rowBytes();
        MemorySegment data = w.data();
        MemorySegment w0 = data.asSlice(r * rowBytes, rowBytes);
        MemorySegment w1 = data.asSlice((r + 1) * rowBytes, rowBytes);
        MemorySegment w2 = data.asSlice((r + 2) * rowBytes, rowBytes);
        MemorySegment w3 = data.asSlice((r + 3) * rowBytes, rowBytes);
        switch (w.dtype()) {
            case BF16 -> bf16(w0, w1, w2, w3, w.cols(), x, xOff, out, outOff);
            case Q8_0 -> q8(w0, w1, w2, w3, w.cols(), x, xOff, out, outOff);
            case F32 -> f32(w0, w1, w2, w3, w.cols(), x, xOff, out, outOff);
            default -> throw new IllegalArgumentException("no four-row kernel for " + w.dtype());
        }
    }

    private static void bf16(MemorySegment w0, MemorySegment w1, MemorySegment w2, MemorySegment w3,
                             int cols, float[] x, int xOff, float[] out, int outOff) {
        int bound = F.loopBound(cols);
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int c = 0;
        for (; c < bound; c += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + c);
            int at = 2 * c;
            a0 = ((IntVector) ShortVector.fromMemorySegment(S, w0, at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(v, a0);
            a1 = ((IntVector) ShortVector.fromMemorySegment(S, w1, at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(v, a1);
            a2 = ((IntVector) ShortVector.fromMemorySegment(S, w2, at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(v, a2);
            a3 = ((IntVector) ShortVector.fromMemorySegment(S, w3, at, LE).convertShape(S2I, I, 0)).lanewise(LSHL, 16).reinterpretAsFloats().fma(v, a3);
        }
        float s0 = sumLanes(a0), s1 = sumLanes(a1), s2 = sumLanes(a2), s3 = sumLanes(a3);
        for (; c < cols; c++) {
            float v = x[xOff + c];
            long at = 2L * c;
            s0 += Numbers.bf16ToFloat(w0.get(ScalarKernels.I16, at)) * v;
            s1 += Numbers.bf16ToFloat(w1.get(ScalarKernels.I16, at)) * v;
            s2 += Numbers.bf16ToFloat(w2.get(ScalarKernels.I16, at)) * v;
            s3 += Numbers.bf16ToFloat(w3.get(ScalarKernels.I16, at)) * v;
        }
        store(out, outOff, s0, s1, s2, s3);
    }

    /** Q8_0 blocks: an f16 scale, then 32 int8 quants; a weight is quant × scale, as in {@code readRow}. */
    private static void q8(MemorySegment w0, MemorySegment w1, MemorySegment w2, MemorySegment w3,
                           int cols, float[] x, int xOff, float[] out, int outOff) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int blocks = cols / 32;
        for (int block = 0; block < blocks; block++) {
            int at = 34 * block;
            float d0 = scale(w0, at), d1 = scale(w1, at), d2 = scale(w2, at), d3 = scale(w3, at);
            for (int i = 0; i < 32; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + block * 32 + i);
                int q = at + 2 + i;
                a0 = ((FloatVector) ByteVector.fromMemorySegment(B, w0, q, LE).convertShape(B2F, F, 0)).mul(d0).fma(v, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(B, w1, q, LE).convertShape(B2F, F, 0)).mul(d1).fma(v, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(B, w2, q, LE).convertShape(B2F, F, 0)).mul(d2).fma(v, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(B, w3, q, LE).convertShape(B2F, F, 0)).mul(d3).fma(v, a3);
            }
        }
        store(out, outOff, sumLanes(a0), sumLanes(a1), sumLanes(a2), sumLanes(a3));
    }

    private static void f32(MemorySegment w0, MemorySegment w1, MemorySegment w2, MemorySegment w3,
                            int cols, float[] x, int xOff, float[] out, int outOff) {
        int bound = F.loopBound(cols);
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        int c = 0;
        for (; c < bound; c += L) {
            FloatVector v = FloatVector.fromArray(F, x, xOff + c);
            int at = 4 * c;
            a0 = FloatVector.fromMemorySegment(F, w0, at, LE).fma(v, a0);
            a1 = FloatVector.fromMemorySegment(F, w1, at, LE).fma(v, a1);
            a2 = FloatVector.fromMemorySegment(F, w2, at, LE).fma(v, a2);
            a3 = FloatVector.fromMemorySegment(F, w3, at, LE).fma(v, a3);
        }
        float s0 = sumLanes(a0), s1 = sumLanes(a1), s2 = sumLanes(a2), s3 = sumLanes(a3);
        for (; c < cols; c++) {
            float v = x[xOff + c];
            long at = 4L * c;
            s0 += w0.get(ScalarKernels.F32, at) * v;
            s1 += w1.get(ScalarKernels.F32, at) * v;
            s2 += w2.get(ScalarKernels.F32, at) * v;
            s3 += w3.get(ScalarKernels.F32, at) * v;
        }
        store(out, outOff, s0, s1, s2, s3);
    }

    private static void store(float[] out, int outOff, float s0, float s1, float s2, float s3) {
        out[outOff] = s0;
        out[outOff + 1] = s1;
        out[outOff + 2] = s2;
        out[outOff + 3] = s3;
    }

    private static float scale(MemorySegment row, int blockBase) {
        return Numbers.f16ToFloat(row.get(ScalarKernels.I16, blockBase));
    }

    /** The lanes summed in lane order, as {@code VectorKernels} does. */
    private static float sumLanes(FloatVector v) {
        float sum = v.lane(0);
        for (int i = 1; i < L; i++) {
            sum += v.lane(i);
        }
        return sum;
    }
}
