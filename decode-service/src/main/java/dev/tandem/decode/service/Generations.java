package dev.tandem.decode.service;

import dev.tandem.decode.prefill.RemotePrefill;
import dev.tandem.decode.service.DecodeMetrics.Outcome;
import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.sampling.TokenLogprobs;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.TokenSink;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts requests on the shared engine within {@link Admission}'s limits (their prompts prefilled
 * here or remotely, as {@link RemotePrefill} decides), keeps the metrics, and aborts them on request. Each gets an engine id of its own ({@code <request id>#<n>}), so
 * callers that reuse a request id never collide inside the engine.
 */
@ApplicationScoped
public class Generations {

    private final EngineLifecycle lifecycle;
    private final Admission admission;
    private final DecodeMetrics metrics;
    private final RemotePrefill prefill;
    private final AtomicLong sequence = new AtomicLong();

    public Generations(EngineLifecycle lifecycle, Admission admission, DecodeMetrics metrics, RemotePrefill prefill) {
        this.lifecycle = lifecycle;
        this.admission = admission;
        this.metrics = metrics;
        this.prefill = prefill;
    }

    /** Engine id for a caller's request id. */
    public String engineId(String requestId) {
        return (requestId.isBlank() ? "request" : requestId) + "#" + sequence.incrementAndGet();
    }

    /**
     * Submits {@code request} (built with an id from {@link #engineId}); its output goes to
     * {@code sink}. Throws {@link WorkerUnavailableException}, {@link QueueFullException} or the
     * engine's {@link IllegalArgumentException} when it cannot start; then the sink is never called.
     */
    public void start(EngineRequest request, TokenSink sink) {
        LoadedEngine loaded = lifecycle.engine();
        admission.enter();
        try {
            loaded.engine().check(request);
            prefill.submit(loaded, request, new Tracked(sink));
        } catch (RuntimeException e) {
            admission.leave();
            throw e;
        }
    }

    /**
     * Aborts a started request: one waiting for its remote prefill is cancelled there; one in the
     * engine has its KV blocks freed. Its sink gets a cancellation.
     */
    public void abort(String engineId) {
        if (prefill.cancel(engineId)) {
            return;
        }
        if (lifecycle.ready()) {
            lifecycle.engine().engine().abort(engineId);
        }
    }

    /** Counts a call that never reached the engine. */
    public void refused(Outcome outcome) {
        metrics.requestEnded(outcome);
    }

    /** Releases the admission place and counts the outcome when the request ends, then forwards. */
    private final class Tracked implements TokenSink {

        private final TokenSink target;

        Tracked(TokenSink target) {
            this.target = target;
        }

        @Override
        public void onToken(int tokenId) {
            onToken(tokenId, null);
        }

        @Override
        public void onToken(int tokenId, TokenLogprobs logprobs) {
            metrics.tokenGenerated();
            target.onToken(tokenId, logprobs);
        }

        @Override
        public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
            onFinish(reason, promptTokens, completionTokens, 0);
        }

        @Override
        public void onFinish(FinishReason reason, int promptTokens, int completionTokens, int cachedTokens) {
            admission.leave();
            metrics.requestEnded(reason == FinishReason.STOP ? Outcome.STOP : Outcome.LENGTH);
            target.onFinish(reason, promptTokens, completionTokens, cachedTokens);
        }

        @Override
        public void onError(Throwable error) {
            admission.leave();
            metrics.requestEnded(error instanceof CancellationException ? Outcome.CANCELLED : Outcome.ERROR);
            target.onError(error);
        }
    }
}
