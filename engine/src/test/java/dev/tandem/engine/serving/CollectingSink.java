package dev.tandem.engine.serving;

import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.sampling.TokenLogprobs;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Collects a request's tokens; {@link #await()} returns them once it finished. */
class CollectingSink implements TokenSink {

    final List<Integer> tokens = new CopyOnWriteArrayList<>();
    final List<TokenLogprobs> logprobs = new CopyOnWriteArrayList<>();
    final CompletableFuture<FinishReason> done = new CompletableFuture<>();
    volatile int cachedTokens = -1;

    @Override
    public void onToken(int tokenId) {
        onToken(tokenId, null);
    }

    @Override
    public void onToken(int tokenId, TokenLogprobs tokenLogprobs) {
        tokens.add(tokenId);
        if (tokenLogprobs != null) {
            logprobs.add(tokenLogprobs);
        }
    }

    @Override
    public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
        done.complete(reason);
    }

    @Override
    public void onFinish(FinishReason reason, int promptTokens, int completionTokens, int cachedTokens) {
        this.cachedTokens = cachedTokens;
        onFinish(reason, promptTokens, completionTokens);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    int[] await() throws Exception {
        done.get(120, TimeUnit.SECONDS);
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }
}
