package dev.tandem.decode;

import dev.tandem.protocol.decode.DecodeGrpc;
import dev.tandem.protocol.decode.Finished;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.GenerateResponse;
import dev.tandem.protocol.decode.Sampling;
import dev.tandem.protocol.decode.Token;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.value.registry.ValueRegistry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A plaintext loopback client of the worker under test, and the pieces of a finished stream. */
public final class DecodeClient implements AutoCloseable {

    /** A whole Generate stream: its tokens in order and its Finished message. */
    public record Completion(List<Token> tokens, Finished finished) {
        public int[] ids() {
            return tokens.stream().mapToInt(Token::getId).toArray();
        }
    }

    private final ManagedChannel channel;

    public DecodeClient(ValueRegistry values) {
        Integer port = values.getOrDefault(GrpcServer.GRPC_TEST_PORT, null);
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port != null && port > 0 ? port : values.get(GrpcServer.GRPC_PORT))
                .usePlaintext().build();
    }

    public DecodeGrpc.DecodeBlockingStub blocking() {
        return DecodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    public DecodeGrpc.DecodeStub async() {
        return DecodeGrpc.newStub(channel);
    }

    /** Runs a request to its end; fails if the stream breaks the contract (no Finished, or something after it). */
    public Completion complete(GenerateRequest request) {
        List<Token> tokens = new ArrayList<>();
        Finished finished = null;
        Iterator<GenerateResponse> responses = blocking().generate(request);
        while (responses.hasNext()) {
            GenerateResponse response = responses.next();
            if (finished != null) {
                throw new AssertionError("a message after Finished: " + response);
            }
            if (response.hasFinished()) {
                finished = response.getFinished();
            } else {
                tokens.addAll(response.getTokens().getTokensList());
            }
        }
        if (finished == null) {
            throw new AssertionError("the stream ended without Finished");
        }
        return new Completion(tokens, finished);
    }

    public static GenerateRequest.Builder request(String id, int[] prompt, int maxTokens) {
        return GenerateRequest.newBuilder().setRequestId(id)
                .addAllPromptIds(Arrays.stream(prompt).boxed().toList())
                .setMaxTokens(maxTokens).setIgnoreEos(true)
                .setSampling(Sampling.getDefaultInstance());
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
