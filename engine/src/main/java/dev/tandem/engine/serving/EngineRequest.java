package dev.tandem.engine.serving;

import dev.tandem.engine.sampling.SamplingParams;

import java.util.Set;

/**
 * A request to the serving engine.
 *
 * @param stopTokenIds ids that end generation besides the model's end-of-sequence ids
 * @param ignoreEos    keep generating past end-of-sequence and stop ids until {@code maxTokens}
 */
public record EngineRequest(String id, int[] promptIds, int maxTokens, SamplingParams sampling, boolean ignoreEos,
                            Set<Integer> stopTokenIds) {

    public EngineRequest {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a request needs an id");
        }
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("the prompt must have at least one token");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be >= 1, got " + maxTokens);
        }
        promptIds = promptIds.clone();
        stopTokenIds = Set.copyOf(stopTokenIds);
    }
}
