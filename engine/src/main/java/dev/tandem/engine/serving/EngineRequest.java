package dev.tandem.engine.serving;

import dev.tandem.engine.sampling.SamplingParams;

import java.util.Set;

/**
 * A request to the serving engine.
 *
 * @param stopTokenIds ids that end generation besides the model's end-of-sequence ids
 * @param ignoreEos    keep generating past end-of-sequence and stop ids until {@code maxTokens}
 * @param role         {@link Role#BOTH} runs prompt and decode here; {@link Role#PREFILL_ONLY} stops after the
 *                     first token and exports the prompt's KV; {@link Role#DECODE_ONLY} starts from {@code handoff}
 * @param handoff      for decode-only: the prompt's KV and the first token, computed elsewhere
 */
public record EngineRequest(String id, int[] promptIds, int maxTokens, SamplingParams sampling, boolean ignoreEos,
                            Set<Integer> stopTokenIds, Role role, PrefillHandoff handoff) {

    /** Which part of inference this engine does for the request. */
    public enum Role { BOTH, PREFILL_ONLY, DECODE_ONLY }

    /** The same request run entirely by this engine. */
    public EngineRequest(String id, int[] promptIds, int maxTokens, SamplingParams sampling, boolean ignoreEos, Set<Integer> stopTokenIds) {
        this(id, promptIds, maxTokens, sampling, ignoreEos, stopTokenIds, Role.BOTH, null);
    }

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
        if ((role == Role.DECODE_ONLY) != (handoff != null)) {
            throw new IllegalArgumentException("a decode-only request needs the prefill handoff, and only it takes one");
        }
        if (handoff != null && handoff.kv().tokens() != promptIds.length) {
            throw new IllegalArgumentException("the handoff holds KV of %d positions for a prompt of %d tokens"
                    .formatted(handoff.kv().tokens(), promptIds.length));
        }
        promptIds = promptIds.clone();
        stopTokenIds = Set.copyOf(stopTokenIds);
    }
}
