package dev.tandem.prefill.service;

import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.serving.PrefillHandoff;
import dev.tandem.engine.serving.TokenSink;

import java.util.concurrent.CompletableFuture;

/** Takes a prefill-only request's handoff (first token and KV) off the engine's thread. */
final class FirstTokenSink implements TokenSink {

    private final CompletableFuture<PrefillHandoff> handoff = new CompletableFuture<>();

    CompletableFuture<PrefillHandoff> handoff() {
        return handoff;
    }

    @Override
    public void onToken(int tokenId) {
    }

    @Override
    public void onPrefilled(PrefillHandoff h) {
        handoff.complete(h);
    }

    @Override
    public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
        handoff.completeExceptionally(new IllegalStateException("the prefill ended (" + reason + ") without a handoff"));
    }

    @Override
    public void onError(Throwable error) {
        handoff.completeExceptionally(error);
    }
}
