package dev.tandem.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * e<sup>x</sup> for floats from IEEE basic operations only (multiply, add, fused multiply-add,
 * exact conversions), in a vector and a scalar form that agree bit for bit.
 *
 * <p>Why not {@code lanewise(EXP)}: the Vector API computes it with Java code until C2 compiles
 * the loop and with SVML-style stubs afterwards, and the two differ in the last bit, so the same
 * prompt gave slightly different KV before and after warm-up, or in two JVMs (a prefill worker and
 * a decode worker), which can flip a near-tie token. Basic operations round the same way
 * everywhere, so these results depend on the input alone.
 *
 * <p>Method (Cephes {@code expf}): x = n ln2 + r with n = round(x / ln2) and |r| &le; ln2/2,
 * ln2 split in two parts so r is exact; e<sup>r</sup> by a degree-7 minimax polynomial; the
 * result scaled by 2<sup>n</sup> through the exponent bits. Within 2 ulp of {@code Math.exp}
 * for x in [-87.3, 88]; 0 below, +&infin; above (e<sup>88</sup> is already 1.6e38), NaN for NaN.
 */
final class ReproducibleExp {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
    private static final float MIN = -87.33654f;
    private static final float MAX = 88f; // keeps 2^n finite (n <= 127)
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private ReproducibleExp() {
    }

    static float exp(float x) {
        if (!(x >= MIN)) {
            return x != x ? x : 0f;
        }
        if (x > MAX) {
            return Float.POSITIVE_INFINITY;
        }
        float n = Math.fma(x, LOG2E, ROUND) - ROUND;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, x));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P0, r, P1), r, P2), r, P3), r, P4), r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        return y * Float.intBitsToFloat(((int) n + 127) << 23);
    }

    static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> species = x.species();
        FloatVector clamped = x.max(MIN).min(MAX);
        FloatVector n = clamped.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(species, -LN2_HI), clamped);
        r = n.fma(FloatVector.broadcast(species, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(species, P0).fma(r, FloatVector.broadcast(species, P1));
        p = p.fma(r, FloatVector.broadcast(species, P2));
        p = p.fma(r, FloatVector.broadcast(species, P3));
        p = p.fma(r, FloatVector.broadcast(species, P4));
        p = p.fma(r, FloatVector.broadcast(species, P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector exponent = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector result = y.mul(exponent.reinterpretAsFloats());
        result = result.blend(0f, x.lt(MIN));
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, MAX));
        return result.blend(x, x.test(VectorOperators.IS_NAN));
    }
}
