package dev.tandem.decode.grpc;

import dev.tandem.decode.service.DecodeMetrics.Outcome;
import dev.tandem.decode.service.EngineLifecycle;
import dev.tandem.decode.service.Generations;
import dev.tandem.decode.service.LoadedEngine;
import dev.tandem.decode.service.QueueFullException;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.EngineStats;
import dev.tandem.protocol.decode.DecodeGrpc;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.GenerateResponse;
import dev.tandem.protocol.decode.InfoRequest;
import dev.tandem.protocol.decode.LoadReport;
import dev.tandem.protocol.decode.LoadRequest;
import dev.tandem.protocol.decode.WorkerInfo;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;

/** The Decode contract: maps messages, delegates to {@link Generations}, reports info and load. */
@GrpcService
public class DecodeGrpcService extends DecodeGrpc.DecodeImplBase {

    private final EngineLifecycle lifecycle;
    private final Generations generations;

    public DecodeGrpcService(EngineLifecycle lifecycle, Generations generations) {
        this.lifecycle = lifecycle;
        this.generations = generations;
    }

    @Override
    public void generate(GenerateRequest request, StreamObserver<GenerateResponse> responses) {
        var call = (ServerCallStreamObserver<GenerateResponse>) responses;
        String engineId = generations.engineId(request.getRequestId());
        ResponseStream stream = new ResponseStream(call, engineId);
        try {
            EngineRequest engineRequest = GenerateRequests.toEngine(engineId, request);
            generations.start(engineRequest, stream);
        } catch (RuntimeException e) {
            generations.refused(switch (e) {
                case IllegalArgumentException i -> Outcome.INVALID;
                case QueueFullException q -> Outcome.REJECTED;
                default -> Outcome.UNAVAILABLE;
            });
            call.onError(GrpcErrors.toStatus(e));
            return;
        }
        call.setOnCancelHandler(() -> generations.abort(engineId));
        stream.start();
    }

    @Override
    public void info(InfoRequest request, StreamObserver<WorkerInfo> responses) {
        try {
            LoadedEngine loaded = lifecycle.engine();
            ModelConfig config = loaded.model().config();
            responses.onNext(WorkerInfo.newBuilder()
                    .setModelPath(loaded.modelPath().toString())
                    .setArchitecture(config.architecture().hfName())
                    .setVocabSize(config.vocabSize())
                    .setMaxContextLength(config.maxPositionEmbeddings())
                    .setKvBlockSize(loaded.engineConfig().blockSize())
                    .setTotalKvBlocks(loaded.engineConfig().kvBlocks())
                    .addAllEosTokenIds(config.eosTokenIds())
                    .build());
            responses.onCompleted();
        } catch (RuntimeException e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void load(LoadRequest request, StreamObserver<LoadReport> responses) {
        try {
            EngineStats stats = lifecycle.engine().engine().stats();
            responses.onNext(LoadReport.newBuilder()
                    .setRunning(stats.running())
                    .setWaiting(stats.waiting())
                    .setFreeKvBlocks(stats.freeBlocks())
                    .setTotalKvBlocks(stats.totalBlocks())
                    .setPrefixCacheHitTokens(stats.prefixCacheHitTokens())
                    .setPreemptions(stats.preemptions())
                    .build());
            responses.onCompleted();
        } catch (RuntimeException e) {
            responses.onError(GrpcErrors.toStatus(e));
        }
    }
}
