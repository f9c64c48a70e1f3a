package dev.tandem.engine.sampling;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks tokens from logits under one request's {@link SamplingParams}: temperature, then top-k,
 * top-p and min-p filtering, then a draw from its own seeded generator (same seed, same tokens).
 */
public final class Sampler {

    private final SamplingParams params;
    private final SplittableRandom random;

    public Sampler(SamplingParams params) {
        this.params = params;
        this.random = new SplittableRandom(params.seed().orElseGet(() -> new SplittableRandom().nextLong()));
    }

    /** The next token from {@code logits[offset .. offset + vocab)}. */
    public int sample(float[] logits, int offset, int vocab) {
        if (params.isGreedy()) {
            return argmax(logits, offset, vocab);
        }
        long[] candidates = sortedCandidates(logits, offset, vocab);
        double[] probabilities = softmax(logits, offset, candidates);
        int kept = keptCount(probabilities);
        double total = 0;
        for (int i = 0; i < kept; i++) {
            total += probabilities[i];
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            draw -= probabilities[i];
            if (draw < 0) {
                return tokenOf(candidates[i]);
            }
        }
        return tokenOf(candidates[kept - 1]);
    }

    /** Index of the largest value; ties go to the lower index. */
    public static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        float bestValue = logits[offset];
        for (int i = 1; i < vocab; i++) {
            if (logits[offset + i] > bestValue) {
                bestValue = logits[offset + i];
                best = i;
            }
        }
        return best;
    }

    /**
     * Token ids ordered by logit, largest first (ties to the lower id), limited to top-k. Each is
     * packed as (order key, id) into one long so a primitive sort does the work.
     */
    private long[] sortedCandidates(float[] logits, int offset, int vocab) {
        long[] packed = new long[vocab];
        for (int i = 0; i < vocab; i++) {
            packed[i] = ((long) descendingKey(logits[offset + i]) << 32) | i;
        }
        Arrays.sort(packed);
        int k = params.topK() > 0 ? Math.min(params.topK(), vocab) : vocab;
        return k == vocab ? packed : Arrays.copyOf(packed, k);
    }

    /** An int that sorts ascending exactly as the float sorts descending. */
    private static int descendingKey(float value) {
        int bits = Float.floatToIntBits(value);
        int ascending = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return ~ascending;
    }

    private static int tokenOf(long packed) {
        return (int) packed;
    }

    private double[] softmax(float[] logits, int offset, long[] candidates) {
        double[] p = new double[candidates.length];
        double max = logits[offset + tokenOf(candidates[0])] / params.temperature();
        double sum = 0;
        for (int i = 0; i < candidates.length; i++) {
            p[i] = Math.exp(logits[offset + tokenOf(candidates[i])] / params.temperature() - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** How many of the sorted candidates survive top-p and min-p (at least one). */
    private int keptCount(double[] sortedProbabilities) {
        int kept = sortedProbabilities.length;
        if (params.topP() < 1) {
            double cumulative = 0;
            for (int i = 0; i < kept; i++) {
                cumulative += sortedProbabilities[i];
                if (cumulative >= params.topP()) {
                    kept = i + 1;
                    break;
                }
            }
        }
        if (params.minP() > 0) {
            double threshold = params.minP() * sortedProbabilities[0];
            int i = 1;
            while (i < kept && sortedProbabilities[i] >= threshold) {
                i++;
            }
            kept = i;
        }
        return Math.max(1, kept);
    }
}
