package dev.tandem.gateway.worker;

import dev.tandem.engine.tokenizer.Tokenizer;
import dev.tandem.protocol.decode.DecodeGrpc;
import dev.tandem.protocol.decode.Finished;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.GenerateResponse;
import dev.tandem.protocol.decode.InfoRequest;
import dev.tandem.protocol.decode.LoadReport;
import dev.tandem.protocol.decode.LoadRequest;
import dev.tandem.protocol.decode.Token;
import dev.tandem.protocol.decode.Tokens;
import dev.tandem.protocol.decode.WorkerInfo;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted Decode worker, for testing the gateway's own work only (output parsing, retries, cancellation,
 * metrics): it runs no model. Every Generate call plays the current {@link Script}, whose text is tokenized with the
 * served model's real tokenizer and streamed one id per message. It counts the calls it got and the calls the
 * gateway cancelled.
 */
public final class ScriptedDecodeService extends DecodeGrpc.DecodeImplBase {

    /** What a Generate call does. */
    public sealed interface Script {
    }

    /** Streams {@code text}'s ids, then an end-of-sequence id and {@code Finished("stop")}. */
    public record Complete(String text) implements Script {
    }

    /** Fails with {@code code} before sending anything. */
    public record FailAtOnce(Status.Code code) implements Script {
    }

    /** Streams {@code text}'s ids, then fails with {@code code}. */
    public record FailAfter(String text, Status.Code code) implements Script {
    }

    /** Streams {@code text}'s ids over and over, a message every 20 ms, until the call is cancelled. */
    public record Endless(String text) implements Script {
    }

    private final Tokenizer tokenizer;
    private final int endOfSequence;
    private final int vocabSize;
    private final int contextLength;
    private final Path modelPath;
    private volatile Script script = new Complete("Hello.");
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final List<GenerateRequest> requests = new CopyOnWriteArrayList<>();

    ScriptedDecodeService(Path modelPath, Tokenizer tokenizer, int endOfSequence, int vocabSize, int contextLength) {
        this.modelPath = modelPath;
        this.tokenizer = tokenizer;
        this.endOfSequence = endOfSequence;
        this.vocabSize = vocabSize;
        this.contextLength = contextLength;
    }

    /** Plays {@code next} for every Generate call from now on. */
    public void play(Script next) {
        this.script = Objects.requireNonNull(next);
    }

    /** Generate calls received so far. */
    public int calls() {
        return calls.get();
    }

    /** Generate calls the client cancelled so far. */
    public int cancelled() {
        return cancelled.get();
    }

    /** Generate calls still streaming. */
    public int running() {
        return running.get();
    }

    public List<GenerateRequest> requests() {
        return List.copyOf(requests);
    }

    /** The ids this worker streams for {@code text}. */
    public int[] ids(String text) {
        return tokenizer.encode(text, false);
    }

    /** The text of {@code ids} (special tokens kept), e.g. a prompt the gateway sent. */
    public String decode(List<Integer> ids) {
        return tokenizer.decode(ids.stream().mapToInt(Integer::intValue).toArray(), false);
    }

    @Override
    public void generate(GenerateRequest request, StreamObserver<GenerateResponse> responses) {
        calls.incrementAndGet();
        requests.add(request);
        ServerCallStreamObserver<GenerateResponse> call = (ServerCallStreamObserver<GenerateResponse>) responses;
        call.setOnCancelHandler(cancelled::incrementAndGet);
        Script playing = script;
        running.incrementAndGet();
        Thread.ofVirtual().name("scripted-" + request.getRequestId()).start(() -> {
            try {
                play(playing, request, call);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the call was cancelled while writing
            } finally {
                running.decrementAndGet();
            }
        });
    }

    private void play(Script playing, GenerateRequest request, ServerCallStreamObserver<GenerateResponse> call)
            throws InterruptedException {
        switch (playing) {
            case Complete(String text) -> {
                int[] ids = ids(text);
                for (int id : ids) {
                    send(call, id);
                }
                send(call, endOfSequence);
                synchronized (call) {
                    call.onNext(GenerateResponse.newBuilder().setFinished(Finished.newBuilder().setReason("stop")
                            .setPromptTokens(request.getPromptIdsCount()).setCompletionTokens(ids.length + 1)).build());
                    call.onCompleted();
                }
            }
            case FailAtOnce(Status.Code code) ->
                    call.onError(Status.fromCode(code).withDescription("scripted failure").asRuntimeException());
            case FailAfter(String text, Status.Code code) -> {
                for (int id : ids(text)) {
                    send(call, id);
                }
                call.onError(Status.fromCode(code).withDescription("scripted failure after tokens").asRuntimeException());
            }
            case Endless(String text) -> {
                int[] ids = ids(text);
                for (int i = 0; !call.isCancelled(); i = (i + 1) % ids.length) {
                    send(call, ids[i]);
                    Thread.sleep(20);
                }
            }
        }
    }

    private static void send(ServerCallStreamObserver<GenerateResponse> call, int id) {
        synchronized (call) {
            if (!call.isCancelled()) {
                call.onNext(GenerateResponse.newBuilder().setTokens(Tokens.newBuilder()
                        .addTokens(Token.newBuilder().setId(id))).build());
            }
        }
    }

    @Override
    public void info(InfoRequest request, StreamObserver<WorkerInfo> responses) {
        responses.onNext(WorkerInfo.newBuilder().setModelPath(modelPath.toString()).setArchitecture("scripted")
                .setVocabSize(vocabSize).setMaxContextLength(contextLength).setKvBlockSize(16).setTotalKvBlocks(512)
                .addEosTokenIds(endOfSequence).build());
        responses.onCompleted();
    }

    @Override
    public void load(LoadRequest request, StreamObserver<LoadReport> responses) {
        responses.onNext(LoadReport.newBuilder().setRunning(running.get()).setFreeKvBlocks(512).setTotalKvBlocks(512).build());
        responses.onCompleted();
    }
}
