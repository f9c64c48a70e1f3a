package dev.tandem.decode;

import dev.tandem.decode.DecodeClient.Completion;
import dev.tandem.decode.config.DecodeConfig;
import dev.tandem.decode.service.EngineLifecycle;
import dev.tandem.engine.generate.GenerationRequest;
import dev.tandem.engine.generate.Generator;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.GenerateResponse;
import dev.tandem.protocol.decode.InfoRequest;
import dev.tandem.protocol.decode.LoadReport;
import dev.tandem.protocol.decode.LoadRequest;
import dev.tandem.protocol.decode.Sampling;
import dev.tandem.protocol.decode.Token;
import dev.tandem.protocol.decode.WorkerInfo;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.value.registry.ValueRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Decode contract over loopback gRPC, against the engine's single-request generator on the same weights. */
@QuarkusTest
@QuarkusTestResource(RandomModelResource.class)
class DecodeGrpcServiceTest {

    private static Model reference;

    @Inject
    EngineLifecycle lifecycle;

    @Inject
    DecodeConfig config;

    @Inject
    ValueRegistry values;

    @Inject
    MeterRegistry registry;

    DecodeClient client;
    int vocab;

    @BeforeEach
    void connect() {
        await().atMost(Duration.ofSeconds(60)).until(lifecycle::ready);
        client = new DecodeClient(values);
        if (reference == null) {
            reference = Model.open(config.model(), 1);
        }
        vocab = reference.config().vocabSize();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        client.close();
    }

    @AfterAll
    static void closeReference() {
        if (reference != null) {
            reference.close();
            reference = null;
        }
    }

    private int[] prompt(int length, long seed) {
        return new SplittableRandom(seed).ints(length, 3, vocab).toArray();
    }

    private static int[] generatorTokens(int[] prompt, int maxTokens, SamplingParams sampling) {
        return new Generator(reference.transformer())
                .generate(new GenerationRequest(prompt, maxTokens, sampling, true, Set.of(), 0, 512)).ids();
    }

    @Test
    void greedyTokensEqualTheEnginesGenerator() {
        int[] prompt = prompt(23, 1);
        Completion completion = client.complete(DecodeClient.request("greedy", prompt, 20).build());
        assertArrayEquals(generatorTokens(prompt, 20, SamplingParams.greedy()), completion.ids());
        assertEquals("length", completion.finished().getReason());
        assertEquals(23, completion.finished().getPromptTokens());
        assertEquals(20, completion.finished().getCompletionTokens());
        assertFalse(completion.tokens().getFirst().hasLogprob(), "no logprobs unless asked");
    }

    @Test
    void seededSamplingIsReproducibleAndMatchesTheGenerator() {
        int[] prompt = prompt(15, 2);
        Sampling sampling = Sampling.newBuilder().setTemperature(0.9).setTopP(0.95).setTopK(40).setSeed(1234)
                .setPresencePenalty(0.3).setRepetitionPenalty(1.1).build();
        GenerateRequest request = DecodeClient.request("seeded", prompt, 24).setSampling(sampling).build();
        int[] first = client.complete(request).ids();
        int[] second = client.complete(request).ids();
        assertArrayEquals(first, second);
        SamplingParams same = new SamplingParams(0.9, 40, 0.95, 0, OptionalLong.of(1234)).withPenalties(0.3, 0, 1.1);
        assertArrayEquals(generatorTokens(prompt, 24, same), first);
    }

    @Test
    void concurrentStreamsAllCompleteWithTheirOwnTokens() throws Exception {
        int streams = 6;
        ExecutorService callers = Executors.newFixedThreadPool(streams);
        try {
            List<CompletableFuture<Completion>> calls = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                GenerateRequest request = DecodeClient.request("c" + i, prompt(5 + 9 * i, 10 + i), 16 + i).build();
                calls.add(CompletableFuture.supplyAsync(() -> client.complete(request), callers));
            }
            for (int i = 0; i < streams; i++) {
                Completion completion = calls.get(i).get();
                assertArrayEquals(generatorTokens(prompt(5 + 9 * i, 10 + i), 16 + i, SamplingParams.greedy()), completion.ids(), "stream " + i);
                assertEquals(16 + i, completion.finished().getCompletionTokens());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void cancellingAStreamFreesItsKvBlocks() throws Exception {
        await().until(() -> load().getRunning() == 0 && load().getWaiting() == 0);
        int baseline = load().getFreeKvBlocks();
        double cancelledBefore = cancelledCount();
        Context.CancellableContext context = Context.current().withCancellation();
        Iterator<GenerateResponse> responses = context.call(() ->
                client.blocking().generate(DecodeClient.request("cancel-me", prompt(200, 3), 1800).build()));
        assertTrue(responses.next().hasTokens());
        assertTrue(load().getFreeKvBlocks() < baseline, "the running request holds blocks");
        context.cancel(null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            LoadReport load = load();
            assertEquals(0, load.getRunning());
            assertEquals(baseline, load.getFreeKvBlocks());
        });
        await().until(() -> cancelledCount() == cancelledBefore + 1);
    }

    @Test
    void invalidRequestsAreRefusedWithAReadableMessage() {
        assertInvalid(DecodeClient.request("empty", new int[0], 5), "prompt_ids must not be empty");
        assertInvalid(DecodeClient.request("oov", new int[] {5, vocab, 6}, 5),
                "token id %d is outside the vocabulary [0, %d)".formatted(vocab, vocab));
        int context = reference.config().maxPositionEmbeddings();
        assertInvalid(DecodeClient.request("long", prompt(100, 4), context),
                "the prompt (100 tokens) plus max_tokens (%d) exceeds the model's context length of %d tokens".formatted(context, context));
        assertInvalid(DecodeClient.request("zero", prompt(3, 4), 0), "max_tokens must be >= 1, got 0");
        assertInvalid(DecodeClient.request("presence", prompt(3, 4), 5).setSampling(Sampling.newBuilder().setPresencePenalty(2.5)),
                "presence_penalty must be in [-2, 2], got 2.5");
        assertInvalid(DecodeClient.request("top", prompt(3, 4), 5).setTopLogprobs(21), "top_logprobs must be in [0, 20]");
        assertInvalid(DecodeClient.request("bias", prompt(3, 4), 5).setSampling(Sampling.newBuilder().putLogitBias(vocab + 5, 1.0)),
                "logit_bias token id %d is outside the vocabulary".formatted(vocab + 5));
        assertInvalid(DecodeClient.request("temp", prompt(3, 4), 5).setSampling(Sampling.newBuilder().setTemperature(-1)),
                "temperature must be a finite number >= 0, got -1.0");
    }

    private void assertInvalid(GenerateRequest.Builder request, String message) {
        var e = assertThrows(StatusRuntimeException.class, () -> client.complete(request.build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.toString());
        assertTrue(e.getStatus().getDescription().contains(message), e.getStatus().getDescription());
        assertFalse(e.getStatus().getDescription().contains("\tat "), "no stack trace in the status");
    }

    @Test
    void logprobsArePresentAndConsistent() {
        int[] prompt = prompt(12, 5);
        Completion completion = client.complete(DecodeClient.request("lp", prompt, 10).setTopLogprobs(4).build());
        assertArrayEquals(generatorTokens(prompt, 10, SamplingParams.greedy()), completion.ids(), "logprobs do not change the tokens");
        for (Token token : completion.tokens()) {
            assertTrue(token.hasLogprob());
            assertTrue(token.getLogprob() <= 0, "logprob " + token.getLogprob());
            assertEquals(4, token.getTopLogprobsCount());
            assertEquals(token.getId(), token.getTopLogprobs(0).getId(), "the greedy token is the most likely");
            assertEquals(token.getLogprob(), token.getTopLogprobs(0).getLogprob());
            for (int i = 1; i < 4; i++) {
                assertTrue(token.getTopLogprobs(i).getLogprob() <= token.getTopLogprobs(i - 1).getLogprob(), "sorted");
            }
        }
        Completion bare = client.complete(DecodeClient.request("lp0", prompt, 3).setTopLogprobs(0).build());
        assertTrue(bare.tokens().getFirst().hasLogprob());
        assertEquals(0, bare.tokens().getFirst().getTopLogprobsCount());
        Completion none = client.complete(DecodeClient.request("lp-none", prompt, 3).build());
        assertFalse(none.tokens().getFirst().hasLogprob(), "no top_logprobs, no logprobs");
    }

    @Test
    void aRepeatedPromptReportsItsCachedTokens() {
        int[] prompt = prompt(40, 6);
        client.complete(DecodeClient.request("cold", prompt, 2).build());
        Completion warm = client.complete(DecodeClient.request("warm", prompt, 2).build());
        assertEquals(32, warm.finished().getCachedTokens(), "two full 16-token blocks of the 40-token prompt");
    }

    @Test
    void stopTokenEndsTheStreamAndIsEmittedLast() {
        int[] prompt = prompt(9, 7);
        int[] free = generatorTokens(prompt, 8, SamplingParams.greedy());
        Completion stopped = client.complete(DecodeClient.request("stop", prompt, 8).setIgnoreEos(false).addStopTokenIds(free[3]).build());
        int end = 0;
        while (free[end] != free[3]) {
            end++;
        }
        assertArrayEquals(java.util.Arrays.copyOf(free, end + 1), stopped.ids());
        assertEquals("stop", stopped.finished().getReason());
    }

    @Test
    void infoDescribesTheModelAndCache() {
        WorkerInfo info = client.blocking().info(InfoRequest.getDefaultInstance());
        assertEquals(config.model().toString(), info.getModelPath());
        assertEquals("LlamaForCausalLM", info.getArchitecture());
        assertEquals(vocab, info.getVocabSize());
        assertEquals(reference.config().maxPositionEmbeddings(), info.getMaxContextLength());
        assertEquals(16, info.getKvBlockSize());
        assertEquals(RandomModelResource.KV_BLOCKS, info.getTotalKvBlocks());
        assertEquals(reference.config().eosTokenIds(), info.getEosTokenIdsList());
    }

    private LoadReport load() {
        return client.blocking().load(LoadRequest.getDefaultInstance());
    }

    private double cancelledCount() {
        Counter counter = registry.find("tandem.decode.requests").tag("outcome", "cancelled").counter();
        return counter == null ? 0 : counter.count();
    }
}
