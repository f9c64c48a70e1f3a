package dev.tandem.engine.generate;

import java.util.List;

/**
 * What one request produced.
 *
 * @param ids          generated token ids (the stop token included when one ended generation)
 * @param topLogits    the largest logits at the first generated position, largest first
 * @param prefillNanos time spent on the prompt
 * @param decodeNanos  time spent on the tokens after the first
 */
public record GenerationResult(int[] ids, List<TokenLogit> topLogits, FinishReason finishReason,
                               int promptTokens, long prefillNanos, long decodeNanos) {

    /** A token id and its logit. */
    public record TokenLogit(int id, float logit) {
    }
}
