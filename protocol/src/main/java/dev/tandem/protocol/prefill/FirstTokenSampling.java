package dev.tandem.protocol.prefill;

import java.util.Map;

/**
 * How the prefill worker samples the first token: the request's sampling parameters (OpenAI /
 * vLLM meanings). Penalties and logit bias are carried so that the first token can honour them
 * once the engine's sampler does; a worker that cannot apply them refuses the task rather than
 * return a different token than local prefill would.
 *
 * @param temperature       0 = greedy
 * @param topK              0 or less keeps all
 * @param topP              (0, 1]
 * @param minP              [0, 1]
 * @param seed              null draws a fresh seed
 * @param repetitionPenalty 1 = none (over prompt and output, vLLM's meaning)
 * @param presencePenalty   0 = none (over output tokens: no effect on the first token)
 * @param frequencyPenalty  0 = none (over output tokens: no effect on the first token)
 * @param logitBias         token id to bias added to its logit; empty = none
 * @param topLogprobs       alternatives to report with the first token (0..20)
 */
public record FirstTokenSampling(double temperature, int topK, double topP, double minP, Long seed,
                                 double repetitionPenalty, double presencePenalty, double frequencyPenalty,
                                 Map<Integer, Float> logitBias, int topLogprobs) {

    public FirstTokenSampling {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        if (!(minP >= 0 && minP <= 1)) {
            throw new IllegalArgumentException("min_p must be in [0, 1], got " + minP);
        }
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw new IllegalArgumentException("repetition_penalty must be a finite number > 0, got " + repetitionPenalty);
        }
        if (topLogprobs < 0 || topLogprobs > 20) {
            throw new IllegalArgumentException("top_logprobs must be in 0..20, got " + topLogprobs);
        }
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
    }

    public static FirstTokenSampling greedy() {
        return new FirstTokenSampling(0, 0, 1, 0, null, 1, 0, 0, Map.of(), 0);
    }

    /** Whether any parameter changes the first token beyond temperature, top-k, top-p, min-p and the seed. */
    public boolean hasPenaltiesOrBias() {
        return repetitionPenalty != 1 || !logitBias.isEmpty();
    }
}
