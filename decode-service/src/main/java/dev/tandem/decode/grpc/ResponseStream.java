package dev.tandem.decode.grpc;

import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.sampling.TokenLogprobs;
import dev.tandem.engine.serving.TokenSink;
import dev.tandem.protocol.decode.Finished;
import dev.tandem.protocol.decode.GenerateResponse;
import dev.tandem.protocol.decode.Token;
import dev.tandem.protocol.decode.Tokens;
import dev.tandem.protocol.decode.TopLogprob;
import io.grpc.stub.ServerCallStreamObserver;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One Generate call's output. The engine's step-loop thread only queues events (never blocks);
 * a virtual thread of the call's own writes them out in order, coalescing the tokens that piled
 * up since its last write into one {@code Tokens} message, then one {@code Finished}.
 */
final class ResponseStream implements TokenSink {

    private static final Logger LOG = Logger.getLogger(ResponseStream.class);

    private sealed interface Event permits Sampled, Done, Failed {
    }

    private record Sampled(int tokenId, TokenLogprobs logprobs) implements Event {
    }

    private record Done(FinishReason reason, int promptTokens, int completionTokens, int cachedTokens) implements Event {
    }

    private record Failed(Throwable error) implements Event {
    }

    private final ServerCallStreamObserver<GenerateResponse> observer;
    private final String requestId;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    ResponseStream(ServerCallStreamObserver<GenerateResponse> observer, String requestId) {
        this.observer = observer;
        this.requestId = requestId;
    }

    /** Starts the writer; call once the request is in the engine. */
    void start() {
        Thread.ofVirtual().name("decode-stream-" + requestId).start(this::write);
    }

    @Override
    public void onToken(int tokenId) {
        onToken(tokenId, null);
    }

    @Override
    public void onToken(int tokenId, TokenLogprobs logprobs) {
        events.add(new Sampled(tokenId, logprobs));
    }

    @Override
    public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
        onFinish(reason, promptTokens, completionTokens, 0);
    }

    @Override
    public void onFinish(FinishReason reason, int promptTokens, int completionTokens, int cachedTokens) {
        events.add(new Done(reason, promptTokens, completionTokens, cachedTokens));
    }

    @Override
    public void onError(Throwable error) {
        events.add(new Failed(error));
    }

    private void write() {
        List<Event> batch = new ArrayList<>();
        try {
            while (true) {
                batch.add(events.take());
                events.drainTo(batch);
                Tokens.Builder tokens = Tokens.newBuilder();
                for (Event event : batch) {
                    switch (event) {
                        case Sampled s -> tokens.addTokens(token(s));
                        case Done d -> {
                            send(tokens);
                            finish(d);
                            return;
                        }
                        case Failed f -> {
                            send(tokens);
                            fail(f.error());
                            return;
                        }
                    }
                }
                send(tokens);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debugf(e, "stream %s ended while writing", requestId);
        }
    }

    private void send(Tokens.Builder tokens) {
        if (tokens.getTokensCount() > 0 && !observer.isCancelled()) {
            observer.onNext(GenerateResponse.newBuilder().setTokens(tokens).build());
        }
    }

    private void finish(Done done) {
        if (observer.isCancelled()) {
            return;
        }
        observer.onNext(GenerateResponse.newBuilder().setFinished(Finished.newBuilder()
                .setReason(done.reason().openAiName())
                .setPromptTokens(done.promptTokens())
                .setCompletionTokens(done.completionTokens())
                .setCachedTokens(done.cachedTokens())).build());
        observer.onCompleted();
    }

    private void fail(Throwable error) {
        if (observer.isCancelled()) {
            return;
        }
        LOG.warnf(error, "request %s failed", requestId);
        observer.onError(GrpcErrors.toStatus(error));
    }

    private static Token token(Sampled sampled) {
        Token.Builder token = Token.newBuilder().setId(sampled.tokenId());
        TokenLogprobs logprobs = sampled.logprobs();
        if (logprobs != null) {
            token.setLogprob(logprobs.logprob());
            for (TokenLogprobs.Alternative alternative : logprobs.top()) {
                token.addTopLogprobs(TopLogprob.newBuilder().setId(alternative.tokenId()).setLogprob(alternative.logprob()));
            }
        }
        return token.build();
    }
}
