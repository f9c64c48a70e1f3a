package dev.tandem.engine.sampling;

import java.util.List;

/**
 * A sampled token's natural-log probability and the most likely alternatives at its position,
 * over the logits after bias, penalties and temperature, before top-k/top-p/min-p truncation.
 *
 * @param top the most likely tokens, most likely first (ties to the lower id)
 */
public record TokenLogprobs(int tokenId, double logprob, List<Alternative> top) {

    public TokenLogprobs {
        top = List.copyOf(top);
    }

    /** One of the most likely tokens at a position. */
    public record Alternative(int tokenId, double logprob) {
    }
}
