package dev.tandem.engine.serving;

import dev.tandem.engine.generate.FinishReason;

/**
 * Where a request's output goes. Called on the engine's step-loop thread: implementations must
 * return quickly (hand the token to a queue or a stream) and never block.
 */
public interface TokenSink {

    void onToken(int tokenId);

    /**
     * A prefill-only request is done: its prompt's KV and first token, for the decode side.
     * Called after {@link #onToken} of the first token and before {@link #onFinish}.
     */
    default void onPrefilled(PrefillHandoff handoff) {
    }

    /** The request ended normally; no more calls follow. */
    void onFinish(FinishReason reason, int promptTokens, int completionTokens);

    /** The request failed or was aborted; no more calls follow. */
    void onError(Throwable error);
}
