package dev.tandem.engine.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Picks tokens from logits under one request's {@link SamplingParams}: logit bias and penalties,
 * then temperature, then top-k, top-p and min-p filtering, then a draw from its own seeded
 * generator (same seed, same tokens). One sampler follows one sequence: it is told each token the
 * sequence generates ({@link #accept}) so that penalties see them.
 */
public final class Sampler {

    private final SamplingParams params;
    private final SplittableRandom random;
    /** Null when the request neither biases nor penalizes: its logits are left untouched. */
    private final LogitAdjustments adjustments;

    /** A sampler for a sequence without a prompt to penalize (the repetition penalty sees generated tokens only). */
    public Sampler(SamplingParams params) {
        this(params, new int[0]);
    }

    /** A sampler for the sequence that starts with {@code prompt}. */
    public Sampler(SamplingParams params, int[] prompt) {
        this.params = params;
        this.random = new SplittableRandom(params.seed().orElseGet(() -> new SplittableRandom().nextLong()));
        this.adjustments = params.adjustsLogits() ? new LogitAdjustments(params, prompt) : null;
    }

    /** Records a token the sequence generated (sampled here or handed over), for the penalties. */
    public void accept(int token) {
        if (adjustments != null) {
            adjustments.accept(token);
        }
    }

    /**
     * Takes the draw that sampling one token takes, without sampling: for a sequence whose first
     * token was sampled elsewhere with the same seed (a remote prefill), so that its next token
     * comes from the second draw, as it would had this sampler sampled the first. No-op when greedy.
     */
    public void skipDraw() {
        if (!params.isGreedy()) {
            random.nextDouble();
        }
    }

    /**
     * The next token from {@code logits[offset .. offset + vocab)}. Bias and penalties are applied
     * to that row in place, so afterwards it holds the processed logits that {@link #logprobs}
     * reads.
     */
    public int sample(float[] logits, int offset, int vocab) {
        if (adjustments != null) {
            adjustments.apply(logits, offset, vocab);
        }
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

    /**
     * Log-probabilities at the row {@link #sample} just processed: of {@code token} and of the
     * request's {@link SamplingParams#topLogprobs()} most likely tokens, after temperature (greedy
     * requests: of the processed logits as they are), before truncation.
     */
    public TokenLogprobs logprobs(float[] logits, int offset, int vocab, int token) {
        double scale = params.isGreedy() ? 1 : 1 / params.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i] * scale);
        }
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            sum += Math.exp(logits[offset + i] * scale - max);
        }
        double logNormalizer = max + Math.log(sum);
        int[] top = topIds(logits, offset, vocab, Math.max(0, params.topLogprobs()));
        List<TokenLogprobs.Alternative> alternatives = new ArrayList<>(top.length);
        for (int id : top) {
            alternatives.add(new TokenLogprobs.Alternative(id, logits[offset + id] * scale - logNormalizer));
        }
        return new TokenLogprobs(token, logits[offset + token] * scale - logNormalizer, alternatives);
    }

    /** The ids of the {@code n} largest values, largest first, ties to the lower id. */
    static int[] topIds(float[] logits, int offset, int vocab, int n) {
        int[] ids = new int[Math.min(n, vocab)];
        int kept = 0;
        for (int i = 0; i < vocab && ids.length > 0; i++) {
            float value = logits[offset + i];
            if (kept == ids.length && !(value > logits[offset + ids[kept - 1]])) {
                continue;
            }
            int at = kept == ids.length ? kept - 1 : kept++;
            while (at > 0 && value > logits[offset + ids[at - 1]]) {
                ids[at] = ids[at - 1];
                at--;
            }
            ids[at] = i;
        }
        return ids;
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
