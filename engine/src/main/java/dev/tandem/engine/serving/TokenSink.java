package dev.tandem.engine.serving;

import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.sampling.TokenLogprobs;

/**
 * Where a request's output goes. Called on the engine's step-loop thread: implementations must
 * return quickly (hand the token to a queue or a stream) and never block.
 */
public interface TokenSink {

    void onToken(int tokenId);

    /**
     * A new token with its logprobs, which are null unless the request asked for them (and for a
     * first token handed over from a prefill worker). The engine calls this one; by default it
     * forwards the id to {@link #onToken(int)}.
     */
    default void onToken(int tokenId, TokenLogprobs logprobs) {
        onToken(tokenId);
    }

    /**
     * A prefill-only request is done: its prompt's KV and first token, for the decode side.
     * Called after {@link #onToken} of the first token and before {@link #onFinish}.
     */
    default void onPrefilled(PrefillHandoff handoff) {
    }

    /** The request ended normally; no more calls follow. */
    void onFinish(FinishReason reason, int promptTokens, int completionTokens);

    /**
     * The request ended normally, with {@code cachedTokens} of its prompt tokens served from the
     * prefix cache; no more calls follow. The engine calls this one; by default it forwards to
     * {@link #onFinish(FinishReason, int, int)}.
     */
    default void onFinish(FinishReason reason, int promptTokens, int completionTokens, int cachedTokens) {
        onFinish(reason, promptTokens, completionTokens);
    }

    /** The request failed or was aborted; no more calls follow. */
    void onError(Throwable error);
}
