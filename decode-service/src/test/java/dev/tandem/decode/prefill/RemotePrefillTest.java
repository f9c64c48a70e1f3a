package dev.tandem.decode.prefill;

import dev.tandem.decode.DecodeClient;
import dev.tandem.decode.service.EngineLifecycle;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.engine.serving.EngineConfig;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.ServingEngine;
import dev.tandem.engine.serving.TokenSink;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.GenerateResponse;
import dev.tandem.protocol.decode.Sampling;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.value.registry.ValueRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remote prefill end to end on loopback: this decode worker in {@code always-remote} mode, an
 * Artemis broker, the packaged kv-store and a packaged prefill worker. Tokens are checked against
 * a local serving engine of the same layout (bf16 KV, blocks of 16) on the same weights. The last
 * tests stop the prefill worker: a request then falls back to local prefill after the timeout, and
 * a cancel during the wait frees everything.
 */
@QuarkusTest
@TestProfile(RemotePrefillTest.Profile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemotePrefillTest {

    /** Only the remote-prefill stack: not the global random-model resource of the other tests. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RemotePrefillStackResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    private static ServingEngine local;
    private static Model localModel;

    @Inject
    EngineLifecycle lifecycle;
    @Inject
    RemotePrefill remote;
    @Inject
    ValueRegistry values;
    @Inject
    MeterRegistry registry;
    DecodeClient client;

    @BeforeEach
    void connect() {
        await().atMost(Duration.ofSeconds(60)).until(lifecycle::ready);
        client = new DecodeClient(values);
        if (local == null) {
            localModel = Model.open(RemotePrefillStackResource.modelDir, 1);
            local = new ServingEngine(localModel, new EngineConfig(64, 16, DType.BF16, 4, 512));
        }
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
    }

    @AfterAll
    static void closeLocal() {
        if (local != null) {
            local.close();
            localModel.close();
            local = null;
        }
    }

    private static int[] prompt(int length, long seed) {
        return new SplittableRandom(seed).ints(length, 3, 200).toArray();
    }

    private static GenerateRequest request(String id, int[] prompt, int maxTokens, Sampling sampling) {
        return DecodeClient.request(id, prompt, maxTokens).setSampling(sampling).setTopLogprobs(-1).build();
    }

    /** The tokens the local serving path gives (role BOTH, same layout, same weights). */
    private static int[] localTokens(int[] prompt, int maxTokens, SamplingParams sampling) throws Exception {
        CompletableFuture<int[]> done = new CompletableFuture<>();
        int[] tokens = new int[maxTokens];
        int[] n = new int[1];
        local.submit(new EngineRequest("local-" + System.nanoTime(), prompt, maxTokens, sampling, true, Set.of()), new TokenSink() {
            @Override
            public void onToken(int tokenId) {
                tokens[n[0]++] = tokenId;
            }

            @Override
            public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
                done.complete(java.util.Arrays.copyOf(tokens, n[0]));
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        return done.get(60, TimeUnit.SECONDS);
    }

    private double count(String name, String tag, String value) {
        Counter counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    @Order(1)
    void greedyRemotePrefillGivesTheLocalTokens() throws Exception {
        double remoteBefore = count("tandem.decode.prefills", "where", "remote");
        int[] prompt = prompt(45, 1);
        int[] tokens = client.complete(request("greedy", prompt, 12, Sampling.getDefaultInstance())).ids();
        assertEquals(remoteBefore + 1, count("tandem.decode.prefills", "where", "remote"), "prefilled remotely");
        assertArrayEquals(localTokens(prompt, 12, SamplingParams.greedy()), tokens);
    }

    @Test
    @Order(2)
    void seededRemotePrefillGivesTheLocalTokens() throws Exception {
        double remoteBefore = count("tandem.decode.prefills", "where", "remote");
        int[] prompt = prompt(37, 2);
        Sampling sampling = Sampling.newBuilder().setTemperature(1.2).setTopP(0.95).setSeed(1234).build();
        int[] tokens = client.complete(request("seeded", prompt, 16, sampling)).ids();
        assertEquals(remoteBefore + 1, count("tandem.decode.prefills", "where", "remote"), "prefilled remotely");
        assertArrayEquals(localTokens(prompt, 16, new SamplingParams(1.2, 0, 0.95, 0, OptionalLong.of(1234))), tokens);
    }

    @Test
    @Order(3)
    void aCancelDuringTheRemoteWaitFreesEverything() throws Exception {
        RemotePrefillStackResource.stopPrefillWorker();
        int total = lifecycle.engine().engine().stats().totalBlocks();
        await().until(() -> lifecycle.engine().engine().stats().freeBlocks() == total);
        double cancelledBefore = count("tandem.decode.requests", "outcome", "cancelled");
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Context.CancellableContext context = Context.current().withCancellation();
        context.run(() -> client.async().generate(request("cancel-me", prompt(40, 3), 8, Sampling.getDefaultInstance()),
                new StreamObserver<>() {
                    @Override
                    public void onNext(GenerateResponse value) {
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(t);
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(null);
                    }
                }));
        await().atMost(Duration.ofSeconds(5)).until(() -> remote.waiting() == 1);
        context.cancel(null);
        await().atMost(Duration.ofSeconds(5)).until(() -> remote.waiting() == 0);
        await().until(() -> count("tandem.decode.requests", "outcome", "cancelled") == cancelledBefore + 1);
        assertEquals(total, lifecycle.engine().engine().stats().freeBlocks());
        assertEquals(0, lifecycle.engine().engine().stats().running() + lifecycle.engine().engine().stats().waiting());
        assertTrue(ended.get(10, TimeUnit.SECONDS) != null, "the client saw its call end in cancellation");
    }

    @Test
    @Order(4)
    void withoutAPrefillWorkerTheRequestCompletesByLocalFallbackAfterTheTimeout() throws Exception {
        RemotePrefillStackResource.stopPrefillWorker();
        double fallbacksBefore = count("tandem.decode.prefill.fallbacks", "reason", "timeout");
        double localBefore = count("tandem.decode.prefills", "where", "local");
        int[] prompt = prompt(30, 4);
        int[] tokens = client.complete(request("fallback", prompt, 10, Sampling.getDefaultInstance())).ids();
        assertEquals(fallbacksBefore + 1, count("tandem.decode.prefill.fallbacks", "reason", "timeout"));
        assertEquals(localBefore + 1, count("tandem.decode.prefills", "where", "local"));
        assertArrayEquals(localTokens(prompt, 10, SamplingParams.greedy()), tokens);
        assertEquals(0, remote.waiting());
        assertTrue(IntStream.of(tokens).allMatch(t -> t >= 0));
    }
}
