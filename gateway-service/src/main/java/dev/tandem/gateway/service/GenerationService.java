package dev.tandem.gateway.service;

import dev.tandem.engine.chat.output.AssistantDelta;
import dev.tandem.engine.chat.output.OutputParser;
import dev.tandem.gateway.api.ApiException;
import dev.tandem.gateway.client.DecodeDispatcher;
import dev.tandem.gateway.client.WorkerErrors;
import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.metrics.RequestTiming;
import dev.tandem.gateway.model.ServedModel;
import dev.tandem.gateway.routing.RouteRequest;
import dev.tandem.gateway.routing.WorkerRouter;
import dev.tandem.protocol.decode.Finished;
import dev.tandem.protocol.decode.Token;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a request's choices on decode workers (each choice its own Generate call) and turns their token streams
 * into {@link ChoiceEvent}s, all choices merged into one stream. Cancelling the stream (a client that went away,
 * a timeout) cancels every call.
 */
@ApplicationScoped
public class GenerationService {

    private final DecodeDispatcher dispatcher;
    private final WorkerRouter router;
    private final ServedModel model;
    private final GatewayConfig config;

    public GenerationService(DecodeDispatcher dispatcher, WorkerRouter router, ServedModel model, GatewayConfig config) {
        this.dispatcher = dispatcher;
        this.router = router;
        this.model = model;
        this.config = config;
    }

    /**
     * The events of {@code n} choices for each spec; choice {@code i} of spec {@code p} has index {@code p * n + i}.
     *
     * @throws ApiException 503 at once when no worker is healthy
     */
    public Multi<ChoiceEvent> run(String requestId, List<GenerationSpec> specs, int n, RequestTiming timing) {
        router.requireAvailable();
        List<Multi<ChoiceEvent>> choices = new ArrayList<>();
        for (int p = 0; p < specs.size(); p++) {
            for (int i = 0; i < n; i++) {
                choices.add(choice(requestId + "-" + p, specs.get(p), i, p * n + i, timing));
            }
        }
        Multi<ChoiceEvent> merged = choices.size() == 1 ? choices.getFirst()
                : Multi.createBy().merging().withConcurrency(choices.size()).streams(choices);
        return merged.ifNoItem().after(config.requestTimeout()).failWith(() -> ApiException.timeout(config.requestTimeout()));
    }

    private Multi<ChoiceEvent> choice(String requestId, GenerationSpec spec, int choice, int index, RequestTiming timing) {
        return Multi.createFrom().emitter(emitter -> {
            ChoiceDecoder decoder = new ChoiceDecoder(model.tokenizer(), spec.skipSpecialTokens(), hiddenIds(spec),
                    spec.stopStrings(), spec.parsing() == null ? null : new OutputParser(spec.parsing()).stream());
            ChoiceListener listener = new ChoiceListener(emitter, decoder, index, timing);
            try {
                listener.call.set(dispatcher.dispatch(spec.request(requestId, choice), new RouteRequest(spec.promptIds()), listener));
            } catch (ApiException e) {
                emitter.fail(e);
                return;
            }
            emitter.onTermination(listener::cancel);
        });
    }

    /** End-of-sequence and stop ids end the output without being shown, unless ignore_eos keeps generating. */
    private Set<Integer> hiddenIds(GenerationSpec spec) {
        if (spec.ignoreEos()) {
            return Set.of();
        }
        Set<Integer> hidden = new HashSet<>(model.eosTokenIds());
        for (int id : spec.stopTokenIds()) {
            hidden.add(id);
        }
        return hidden;
    }

    private static final class ChoiceListener implements DecodeDispatcher.Listener {

        final AtomicReference<DecodeDispatcher.Call> call = new AtomicReference<>();
        private final MultiEmitter<? super ChoiceEvent> emitter;
        private final ChoiceDecoder decoder;
        private final int index;
        private final RequestTiming timing;
        private long lastTokenAt = -1;
        private boolean done;

        ChoiceListener(MultiEmitter<? super ChoiceEvent> emitter, ChoiceDecoder decoder, int index, RequestTiming timing) {
            this.emitter = emitter;
            this.decoder = decoder;
            this.index = index;
            this.timing = timing;
        }

        @Override
        public synchronized void onTokens(List<Token> tokens) {
            if (done) {
                return;
            }
            long now = System.nanoTime();
            timing.tokens(tokens.size(), lastTokenAt, now);
            lastTokenAt = now;
            ChoiceDecoder.Step step = decoder.accept(tokens);
            if (!step.isEmpty()) {
                emitter.emit(new ChoiceEvent(index, step.delta(), step.logprobs(), null, decoder.completionTokens()));
            }
            if (step.stopped()) {
                cancel();
                finish("stop");
            }
        }

        @Override
        public synchronized void onFinished(Finished finished) {
            if (!done) {
                finish(finished.getReason().isEmpty() ? "stop" : finished.getReason());
            }
        }

        @Override
        public synchronized void onError(Status status) {
            if (!done) {
                done = true;
                emitter.fail(WorkerErrors.toApi(status));
            }
        }

        private void finish(String reason) {
            done = true;
            AssistantDelta last = decoder.finish();
            String finishReason = decoder.producedToolCalls() ? "tool_calls" : reason;
            emitter.emit(new ChoiceEvent(index, last, List.of(), finishReason, decoder.completionTokens()));
            emitter.complete();
        }

        void cancel() {
            DecodeDispatcher.Call running = call.get();
            if (running != null) {
                running.cancel();
            }
        }
    }
}
