package dev.tandem.engine.sampling;

import java.util.Arrays;
import java.util.Map;

/**
 * One sequence's logit bias and penalties, applied to its logits row in place before anything
 * else (temperature, greedy argmax, truncation), in vLLM's order: bias, then the repetition
 * penalty over prompt and generated tokens, then the frequency and presence penalties over the
 * generated tokens. The generated-token counts are kept incrementally through {@link #accept}.
 */
final class LogitAdjustments {

    private final double presence;
    private final double frequency;
    private final double repetition;
    private final int[] biasIds;
    private final float[] biasValues;
    /** The prompt's distinct ids, sorted (the repetition penalty's share of the prompt). */
    private final int[] promptIds;
    private final TokenCounts generated = new TokenCounts();

    LogitAdjustments(SamplingParams params, int[] prompt) {
        this.presence = params.presencePenalty();
        this.frequency = params.frequencyPenalty();
        this.repetition = params.repetitionPenalty();
        this.biasIds = new int[params.logitBias().size()];
        this.biasValues = new float[biasIds.length];
        int i = 0;
        for (Map.Entry<Integer, Double> bias : params.logitBias().entrySet()) {
            biasIds[i] = bias.getKey();
            biasValues[i++] = bias.getValue().floatValue();
        }
        this.promptIds = repetition != 1 ? Arrays.stream(prompt).distinct().sorted().toArray() : new int[0];
    }

    /** Records a generated token. */
    void accept(int token) {
        generated.increment(token);
    }

    /** Adjusts {@code logits[offset .. offset + vocab)} in place. */
    void apply(float[] logits, int offset, int vocab) {
        for (int i = 0; i < biasIds.length; i++) {
            if (biasIds[i] < vocab) {
                logits[offset + biasIds[i]] += biasValues[i];
            }
        }
        if (repetition != 1) {
            for (int id : promptIds) {
                repeat(logits, offset + id);
            }
            for (int slot = 0; slot < generated.slots(); slot++) {
                int id = generated.idAt(slot);
                if (id >= 0 && Arrays.binarySearch(promptIds, id) < 0) {
                    repeat(logits, offset + id);
                }
            }
        }
        if (presence != 0 || frequency != 0) {
            for (int slot = 0; slot < generated.slots(); slot++) {
                int id = generated.idAt(slot);
                if (id >= 0) {
                    logits[offset + id] -= (float) (presence + frequency * generated.countAt(slot));
                }
            }
        }
    }

    private void repeat(float[] logits, int index) {
        float logit = logits[index];
        logits[index] = (float) (logit > 0 ? logit / repetition : logit * repetition);
    }
}
