package dev.tandem.protocol.kv;

import java.util.List;

/**
 * A request-scoped entry in the kv-store: what a prefill computed besides the KV blocks — the
 * first sampled token, its logprob and the top alternatives, and the request's block keys in
 * prompt order. Kept for a TTL.
 */
public record PrefillResult(String requestId, int firstToken, float firstLogprob,
                            List<TokenLogprob> topLogprobs, List<BlockKey> blocks) {

    public PrefillResult {
        if (requestId == null || requestId.isEmpty()) {
            throw new IllegalArgumentException("requestId must be non-empty, got " + requestId);
        }
        topLogprobs = List.copyOf(topLogprobs);
        blocks = List.copyOf(blocks);
    }

    /** One alternative at the first generated position. */
    public record TokenLogprob(int token, float logprob) {
    }
}
