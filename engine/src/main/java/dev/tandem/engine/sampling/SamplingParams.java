package dev.tandem.engine.sampling;

import java.util.Map;
import java.util.OptionalLong;

/**
 * How the next token is chosen from the logits.
 *
 * @param temperature       0 means greedy (argmax, ties to the lower id); otherwise logits are divided by it
 * @param topK              keep the k most likely tokens; 0 or less keeps all
 * @param topP              keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 * @param minP              drop tokens less likely than {@code minP} times the most likely one; 0 keeps all
 * @param seed              a seed makes sampling reproducible; empty draws a fresh one
 * @param presencePenalty   OpenAI's: subtracted once from the logit of every token generated so far (-2..2; 0 off)
 * @param frequencyPenalty  OpenAI's: subtracted from a token's logit once per time it was generated (-2..2; 0 off)
 * @param repetitionPenalty vLLM's / transformers': over prompt and generated tokens, a positive logit is divided
 *                          by it and a negative one multiplied (&gt; 0; 1 off)
 * @param logitBias         token id to a value added to its logit (-100..100)
 * @param topLogprobs       -1: no logprobs; n in 0..20: report each sampled token's logprob and the n most likely
 *                          alternatives
 */
public record SamplingParams(double temperature, int topK, double topP, double minP, OptionalLong seed,
                             double presencePenalty, double frequencyPenalty, double repetitionPenalty,
                             Map<Integer, Double> logitBias, int topLogprobs) {

    /** Most alternatives a request may ask logprobs for (OpenAI's limit). */
    public static final int MAX_TOP_LOGPROBS = 20;

    public SamplingParams {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("min_p must be in [0, 1], got " + minP);
        }
        if (!(presencePenalty >= -2 && presencePenalty <= 2)) {
            throw new IllegalArgumentException("presence_penalty must be in [-2, 2], got " + presencePenalty);
        }
        if (!(frequencyPenalty >= -2 && frequencyPenalty <= 2)) {
            throw new IllegalArgumentException("frequency_penalty must be in [-2, 2], got " + frequencyPenalty);
        }
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new IllegalArgumentException("repetition_penalty must be a finite number > 0, got " + repetitionPenalty);
        }
        for (var bias : logitBias.entrySet()) {
            if (bias.getKey() == null || bias.getKey() < 0) {
                throw new IllegalArgumentException("logit_bias token id must be >= 0, got " + bias.getKey());
            }
            if (bias.getValue() == null || !(bias.getValue() >= -100 && bias.getValue() <= 100)) {
                throw new IllegalArgumentException("logit_bias for token %d must be in [-100, 100], got %s"
                        .formatted(bias.getKey(), bias.getValue()));
            }
        }
        if (topLogprobs < -1 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("top_logprobs must be in [0, %d] (or -1 for none), got %d"
                    .formatted(MAX_TOP_LOGPROBS, topLogprobs));
        }
        logitBias = Map.copyOf(logitBias);
    }

    /** Temperature and truncation only: no penalties, no bias, no logprobs. */
    public SamplingParams(double temperature, int topK, double topP, double minP, OptionalLong seed) {
        this(temperature, topK, topP, minP, seed, 0, 0, 1, Map.of(), -1);
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0, 0, 1, 0, OptionalLong.empty());
    }

    /** These parameters with the given penalties (0, 0, 1 turns them off). */
    public SamplingParams withPenalties(double presence, double frequency, double repetition) {
        return new SamplingParams(temperature, topK, topP, minP, seed, presence, frequency, repetition, logitBias, topLogprobs);
    }

    public SamplingParams withLogitBias(Map<Integer, Double> bias) {
        return new SamplingParams(temperature, topK, topP, minP, seed, presencePenalty, frequencyPenalty, repetitionPenalty, bias, topLogprobs);
    }

    /** These parameters asking for logprobs with {@code n} alternatives ({@code -1}: none). */
    public SamplingParams withTopLogprobs(int n) {
        return new SamplingParams(temperature, topK, topP, minP, seed, presencePenalty, frequencyPenalty, repetitionPenalty, logitBias, n);
    }

    public boolean isGreedy() {
        return temperature < 1e-5;
    }

    /** Whether anything changes the logits before sampling (penalties or bias). */
    public boolean adjustsLogits() {
        return presencePenalty != 0 || frequencyPenalty != 0 || repetitionPenalty != 1 || !logitBias.isEmpty();
    }

    public boolean wantsLogprobs() {
        return topLogprobs >= 0;
    }
}
