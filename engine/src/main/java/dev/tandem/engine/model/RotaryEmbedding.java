package dev.tandem.engine.model;

import dev.tandem.engine.kernel.Kernels;

/**
 * Rotary position embedding. Angles are computed in double ({@code pos * theta^(-2i/d)}) and then
 * rounded, which tracks the float64 reference more closely than f32 angle arithmetic.
 */
final class RotaryEmbedding {

    private final int headDim;
    private final RopeLayout layout;
    private final double[] inverseFrequencies;

    RotaryEmbedding(int headDim, double theta, RopeLayout layout) {
        this.headDim = headDim;
        this.layout = layout;
        this.inverseFrequencies = new double[headDim / 2];
        for (int i = 0; i < headDim / 2; i++) {
            inverseFrequencies[i] = Math.pow(theta, -2.0 * i / headDim);
        }
    }

    /** Cosines and sines for the given positions: {@code [t * headDim/2 + i]}. */
    Angles angles(int[] positions) {
        int half = headDim / 2;
        float[] cos = new float[positions.length * half];
        float[] sin = new float[positions.length * half];
        for (int t = 0; t < positions.length; t++) {
            for (int i = 0; i < half; i++) {
                double angle = positions[t] * inverseFrequencies[i];
                cos[t * half + i] = (float) Math.cos(angle);
                sin[t * half + i] = (float) Math.sin(angle);
            }
        }
        return new Angles(cos, sin);
    }

    record Angles(float[] cos, float[] sin) {
    }

    /** Rotates each of {@code heads} heads of every token row of {@code x} in place. */
    void apply(Kernels kernels, float[] x, int tokens, int heads, Angles angles) {
        int half = headDim / 2;
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < heads; h++) {
                int base = (t * heads + h) * headDim;
                if (layout == RopeLayout.ROTATE_HALF) {
                    kernels.rotateHalf(x, base, angles.cos(), angles.sin(), t * half, half);
                } else {
                    rotateInterleaved(x, base, angles, t * half, half);
                }
            }
        }
    }

    /** GGUF llama's layout: value 2i pairs with 2i + 1. */
    private static void rotateInterleaved(float[] x, int base, Angles angles, int angleOff, int half) {
        for (int i = 0; i < half; i++) {
            float x1 = x[base + 2 * i];
            float x2 = x[base + 2 * i + 1];
            float c = angles.cos()[angleOff + i];
            float s = angles.sin()[angleOff + i];
            x[base + 2 * i] = x1 * c - x2 * s;
            x[base + 2 * i + 1] = x2 * c + x1 * s;
        }
    }
}
