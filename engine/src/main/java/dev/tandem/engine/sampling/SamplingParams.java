package dev.tandem.engine.sampling;

import java.util.OptionalLong;

/**
 * How the next token is chosen from the logits.
 *
 * @param temperature 0 means greedy (argmax, ties to the lower id); otherwise logits are divided by it
 * @param topK        keep the k most likely tokens; 0 or less keeps all
 * @param topP        keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 * @param minP        drop tokens less likely than {@code minP} times the most likely one; 0 keeps all
 * @param seed        a seed makes sampling reproducible; empty draws a fresh one
 */
public record SamplingParams(double temperature, int topK, double topP, double minP, OptionalLong seed) {

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
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0, 0, 1, 0, OptionalLong.empty());
    }

    public boolean isGreedy() {
        return temperature < 1e-5;
    }
}
