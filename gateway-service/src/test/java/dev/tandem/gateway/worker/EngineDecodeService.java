package dev.tandem.gateway.worker;

import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.sampling.SamplingParams;
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
import dev.tandem.protocol.decode.WorkerInfo;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A compact test-scope Decode service over the engine's real {@link ServingEngine} (the production decode-service
 * is a separate module). What the engine cannot do (penalties, logit bias, logprobs) is refused with
 * INVALID_ARGUMENT rather than ignored.
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
        String unsupported = unsupported(request);
        if (unsupported != null) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(unsupported + " is not supported by this worker").asRuntimeException());
            return;
        }
        Sampling s = request.getSampling();
        SamplingParams sampling = new SamplingParams(s.getTemperature(), s.getTopK(), s.getTopP() == 0 ? 1 : s.getTopP(),
                s.getMinP(), s.hasSeed() ? OptionalLong.of(s.getSeed()) : OptionalLong.empty());
        Set<Integer> stops = new HashSet<>(request.getStopTokenIdsList());
        EngineRequest engineRequest = new EngineRequest(request.getRequestId(),
                request.getPromptIdsList().stream().mapToInt(Integer::intValue).toArray(), request.getMaxTokens(),
                sampling, request.getIgnoreEos(), stops);
        ServerCallStreamObserver<GenerateResponse> call = (ServerCallStreamObserver<GenerateResponse>) responses;
        call.setOnCancelHandler(() -> engine.abort(request.getRequestId()));
        try {
            engine.submit(engineRequest, new TokenSink() {
                @Override
                public void onToken(int tokenId) {
                    synchronized (call) {
                        if (!call.isCancelled()) {
                            call.onNext(GenerateResponse.newBuilder().setTokens(Tokens.newBuilder()
                                    .addTokens(Token.newBuilder().setId(tokenId))).build());
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

    private static String unsupported(GenerateRequest request) {
        Sampling s = request.getSampling();
        if (request.getTopLogprobs() >= 0) {
            return "logprobs";
        }
        if (s.getPresencePenalty() != 0 || s.getFrequencyPenalty() != 0) {
            return "presence/frequency penalty";
        }
        if (s.getRepetitionPenalty() != 0 && s.getRepetitionPenalty() != 1) {
            return "repetition_penalty";
        }
        if (s.getLogitBiasCount() > 0) {
            return "logit_bias";
        }
        return null;
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
