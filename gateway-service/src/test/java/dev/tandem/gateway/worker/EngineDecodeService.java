package dev.tandem.gateway.worker;

import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.engine.sampling.TokenLogprobs;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.ServingEngine;
import dev.tandem.engine.serving.TokenSink;
import dev.tandem.protocol.decode.DecodeGrpc;
import dev.tandem.protocol.decode.Finished;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.GenerateResponse;
import dev.tandem.protocol.decode.InfoRequest;
import dev.tandem.protocol.decode.LoadReport;
import dev.tandem.protocol.decode.LoadRequest;
import dev.tandem.protocol.decode.Sampling;
import dev.tandem.protocol.decode.Token;
import dev.tandem.protocol.decode.Tokens;
import dev.tandem.protocol.decode.TopLogprob;
import dev.tandem.protocol.decode.WorkerInfo;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;

/**
 * A compact test-scope Decode service over the engine's real {@link ServingEngine} (the production decode-service
 * is a separate module): sampling parameters, penalties, logit bias and logprobs mapped as decode-service maps them.
 */
final class EngineDecodeService extends DecodeGrpc.DecodeImplBase {

    private final ServingEngine engine;
    private final Path modelPath;
    private final int blockSize;
    private final int totalBlocks;

    EngineDecodeService(ServingEngine engine, Path modelPath, int blockSize, int totalBlocks) {
        this.engine = engine;
        this.modelPath = modelPath;
        this.blockSize = blockSize;
        this.totalBlocks = totalBlocks;
    }

    @Override
    public void generate(GenerateRequest request, StreamObserver<GenerateResponse> responses) {
        EngineRequest engineRequest;
        try {
            engineRequest = new EngineRequest(request.getRequestId(),
                    request.getPromptIdsList().stream().mapToInt(Integer::intValue).toArray(), request.getMaxTokens(),
                    sampling(request), request.getIgnoreEos(), new HashSet<>(request.getStopTokenIdsList()));
        } catch (IllegalArgumentException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        ServerCallStreamObserver<GenerateResponse> call = (ServerCallStreamObserver<GenerateResponse>) responses;
        call.setOnCancelHandler(() -> engine.abort(request.getRequestId()));
        try {
            engine.submit(engineRequest, new TokenSink() {
                @Override
                public void onToken(int tokenId) {
                    onToken(tokenId, null);
                }

                @Override
                public void onToken(int tokenId, TokenLogprobs logprobs) {
                    synchronized (call) {
                        if (!call.isCancelled()) {
                            call.onNext(GenerateResponse.newBuilder().setTokens(Tokens.newBuilder()
                                    .addTokens(token(tokenId, logprobs))).build());
                        }
                    }
                }

                @Override
                public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
                    synchronized (call) {
                        call.onNext(GenerateResponse.newBuilder().setFinished(Finished.newBuilder()
                                .setReason(reason.openAiName()).setPromptTokens(promptTokens)
                                .setCompletionTokens(completionTokens)).build());
                        call.onCompleted();
                    }
                }

                @Override
                public void onError(Throwable error) {
                    if (!(error instanceof CancellationException)) {
                        synchronized (call) {
                            call.onError(Status.INTERNAL.withDescription(error.getMessage()).asRuntimeException());
                        }
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    /** Proto3's unset values read as decode.proto defines them, as decode-service's GenerateRequests does. */
    private static SamplingParams sampling(GenerateRequest request) {
        Sampling s = request.getSampling();
        return new SamplingParams(s.getTemperature(), s.getTopK(), s.getTopP() == 0 ? 1 : s.getTopP(), s.getMinP(),
                s.hasSeed() ? OptionalLong.of(s.getSeed()) : OptionalLong.empty(), s.getPresencePenalty(),
                s.getFrequencyPenalty(), s.getRepetitionPenalty() == 0 ? 1 : s.getRepetitionPenalty(),
                Map.copyOf(s.getLogitBiasMap()), request.hasTopLogprobs() ? Math.max(-1, request.getTopLogprobs()) : -1);
    }

    private static Token token(int tokenId, TokenLogprobs logprobs) {
        Token.Builder token = Token.newBuilder().setId(tokenId);
        if (logprobs != null) {
            token.setLogprob(logprobs.logprob());
            for (TokenLogprobs.Alternative alternative : logprobs.top()) {
                token.addTopLogprobs(TopLogprob.newBuilder().setId(alternative.tokenId()).setLogprob(alternative.logprob()));
            }
        }
        return token.build();
    }

    @Override
    public void info(InfoRequest request, StreamObserver<WorkerInfo> responses) {
        responses.onNext(WorkerInfo.newBuilder().setModelPath(modelPath.toString())
                .setArchitecture(engine.config().architecture().toString()).setVocabSize(engine.config().vocabSize())
                .setMaxContextLength(engine.config().maxPositionEmbeddings()).setKvBlockSize(blockSize)
                .setTotalKvBlocks(totalBlocks).addAllEosTokenIds(engine.config().eosTokenIds()).build());
        responses.onCompleted();
    }

    @Override
    public void load(LoadRequest request, StreamObserver<LoadReport> responses) {
        var stats = engine.stats();
        responses.onNext(LoadReport.newBuilder().setRunning(stats.running()).setWaiting(stats.waiting())
                .setFreeKvBlocks(stats.freeBlocks()).setTotalKvBlocks(stats.totalBlocks())
                .setPrefixCacheHitTokens(stats.prefixCacheHitTokens()).setPreemptions(stats.preemptions()).build());
        responses.onCompleted();
    }
}
