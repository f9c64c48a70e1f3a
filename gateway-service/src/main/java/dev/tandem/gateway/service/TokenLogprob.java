package dev.tandem.gateway.service;

import java.util.List;

/**
 * A sampled token's logprob and its most likely alternatives, with the token texts resolved.
 *
 * @param token        the token's text on its own
 * @param alternatives the most likely tokens at that position, most likely first
 */
public record TokenLogprob(String token, double logprob, List<Alternative> alternatives) {

    public record Alternative(String token, double logprob) {
    }
}
