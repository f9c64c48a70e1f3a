package dev.tandem.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReproducibleExpTest {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    @Test
    void staysWithinTwoUlpOfMathExp() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            float x = (float) (random.nextDouble() * 175 - 87);
            float expected = (float) Math.exp(x);
            float actual = ReproducibleExp.exp(x);
            assertTrue(Math.abs(actual - expected) <= 2 * Math.ulp(expected), "exp(" + x + ") = " + actual + ", Math.exp " + expected);
        }
    }

    @Test
    void vectorAndScalarFormsAgreeBitForBit() {
        SplittableRandom random = new SplittableRandom(11);
        float[] x = new float[F.length() * 4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 200 - 100);
        }
        x[0] = Float.NEGATIVE_INFINITY;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = Float.NaN;
        x[3] = 0f;
        x[4] = -0f;
        x[5] = 88f;
        x[6] = -87.33654f;
        float[] vector = new float[x.length];
        for (int i = 0; i < x.length; i += F.length()) {
            ReproducibleExp.exp(FloatVector.fromArray(F, x, i)).intoArray(vector, i);
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(ReproducibleExp.exp(x[i])), Float.floatToRawIntBits(vector[i]), "exp(" + x[i] + ")");
        }
    }

    @Test
    void handlesTheEdges() {
        assertEquals(0f, ReproducibleExp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, ReproducibleExp.exp(-100f));
        assertEquals(Float.POSITIVE_INFINITY, ReproducibleExp.exp(Float.POSITIVE_INFINITY));
        assertEquals(Float.POSITIVE_INFINITY, ReproducibleExp.exp(89f));
        assertTrue(Float.isNaN(ReproducibleExp.exp(Float.NaN)));
        assertEquals(1f, ReproducibleExp.exp(0f));
    }
}
