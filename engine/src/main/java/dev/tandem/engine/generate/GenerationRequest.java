package dev.tandem.engine.generate;

import dev.tandem.engine.sampling.SamplingParams;

import java.util.Set;

/**
 * One request to the engine alone.
 *
 * @param stopTokenIds  ids that end generation besides the model's end-of-sequence ids
 * @param ignoreEos     keep generating past end-of-sequence (and stop ids) until {@code maxTokens}
 * @param logitsTop     how many of the largest logits at the first generated position to report (0: none)
 * @param prefillChunk  prompt tokens per forward pass during prefill
 */
public record GenerationRequest(int[] promptIds, int maxTokens, SamplingParams sampling, boolean ignoreEos,
                                Set<Integer> stopTokenIds, int logitsTop, int prefillChunk) {

    public GenerationRequest {
        if (promptIds.length == 0) {
            throw new IllegalArgumentException("the prompt must have at least one token");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be >= 1, got " + maxTokens);
        }
        if (logitsTop < 0) {
            throw new IllegalArgumentException("logits_top must be >= 0, got " + logitsTop);
        }
        if (prefillChunk < 1) {
            throw new IllegalArgumentException("prefill chunk must be >= 1, got " + prefillChunk);
        }
        promptIds = promptIds.clone();
        stopTokenIds = Set.copyOf(stopTokenIds);
    }
}
