package dev.tandem.engine.serving;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.generate.GenerationRequest;
import dev.tandem.engine.generate.Generator;
import dev.tandem.engine.model.InMemoryCheckpoint;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.sampling.SamplingParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The serving engine against the single-request path it must agree with. */
class ServingEngineTest {

    private static final int VOCAB = 300;
    private static Model model;

    @BeforeAll
    static void openModel() {
        model = Model.of(new InMemoryCheckpoint(InMemoryCheckpoint.qwen3Config(VOCAB), DType.BF16, 9), 2);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    private static int[] prompt(int length, long seed) {
        return new SplittableRandom(seed).ints(length, 0, VOCAB).toArray();
    }

    private static int[] reference(int[] prompt, int maxTokens, SamplingParams sampling) {
        return new Generator(model.transformer())
                .generate(new GenerationRequest(prompt, maxTokens, sampling, true, Set.of(), 0, 512)).ids();
    }

    private static EngineRequest request(String id, int[] prompt, int maxTokens, SamplingParams sampling) {
        return new EngineRequest(id, prompt, maxTokens, sampling, true, Set.of());
    }

    private static void awaitIdle(ServingEngine engine) throws InterruptedException {
        for (int i = 0; i < 200 && (engine.stats().running() + engine.stats().waiting() > 0); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(150);
    }

    @Test
    void batchedOutputsEqualSingleRequestOutputsForMixedLengthsAndArrivals() throws Exception {
        int[] lengths = {3, 17, 33, 50, 8, 70};
        SamplingParams seeded = new SamplingParams(0.8, 0, 0.95, 0, OptionalLong.of(5));
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(64, 16, DType.F32, 8, 24))) {
            List<CollectingSink> sinks = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                CollectingSink sink = new CollectingSink();
                sinks.add(sink);
                SamplingParams sampling = i % 2 == 0 ? SamplingParams.greedy() : seeded;
                engine.submit(request("r" + i, prompt(lengths[i], i), 12, sampling), sink);
                if (i == 2) {
                    while (sinks.get(0).tokens.size() < 3) {
                        Thread.sleep(5);
                    }
                }
            }
            for (int i = 0; i < lengths.length; i++) {
                SamplingParams sampling = i % 2 == 0 ? SamplingParams.greedy() : seeded;
                assertArrayEquals(reference(prompt(lengths[i], i), 12, sampling), sinks.get(i).await(), "request " + i);
            }
            awaitIdle(engine);
            assertEquals(engine.stats().totalBlocks(), engine.stats().freeBlocks());
            engine.checkInvariants();
        }
    }

    @Test
    void prefixCacheHitGivesTheSameTokens() throws Exception {
        int[] shared = prompt(40, 77);
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(32, 16, DType.F32, 4, 64))) {
            CollectingSink cold = new CollectingSink();
            engine.submit(request("cold", shared, 8, SamplingParams.greedy()), cold);
            int[] coldTokens = cold.await();
            awaitIdle(engine);
            assertEquals(0, engine.stats().prefixCacheHitTokens());

            CollectingSink warm = new CollectingSink();
            engine.submit(request("warm", shared, 8, SamplingParams.greedy()), warm);
            assertArrayEquals(coldTokens, warm.await());
            awaitIdle(engine);
            assertEquals(32, engine.stats().prefixCacheHitTokens(), "two full blocks of the 40-token prompt come from the cache");
            assertEquals(0, cold.cachedTokens);
            assertEquals(32, warm.cachedTokens, "the finish reports the request's own cache hits");
            assertArrayEquals(reference(shared, 8, SamplingParams.greedy()), coldTokens);
            engine.checkInvariants();
        }
    }

    @Test
    void penaltiesAndBiasInTheBatchEqualTheSingleRequestPath() throws Exception {
        SamplingParams greedy = SamplingParams.greedy().withPenalties(0.5, 0.4, 1.3).withLogitBias(java.util.Map.of(7, 60.0));
        SamplingParams seeded = new SamplingParams(0.9, 20, 0.9, 0, OptionalLong.of(11)).withPenalties(-0.3, 1.2, 0.8);
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(64, 16, DType.F32, 8, 32))) {
            CollectingSink a = new CollectingSink();
            CollectingSink b = new CollectingSink();
            CollectingSink plain = new CollectingSink();
            engine.submit(request("a", prompt(20, 3), 16, greedy), a);
            engine.submit(request("b", prompt(25, 4), 16, seeded), b);
            engine.submit(request("plain", prompt(20, 3), 16, SamplingParams.greedy()), plain);
            assertArrayEquals(reference(prompt(20, 3), 16, greedy), a.await());
            assertArrayEquals(reference(prompt(25, 4), 16, seeded), b.await());
            assertEquals(7, a.await()[0], "a +60 bias outweighs the random model's logits");
            assertFalse(java.util.Arrays.equals(a.await(), plain.await()), "bias and penalties change the greedy continuation");
        }
    }

    @Test
    void logprobsComeWithEachTokenWhenAsked() throws Exception {
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(64, 16, DType.F32, 8, 32))) {
            CollectingSink with = new CollectingSink();
            CollectingSink without = new CollectingSink();
            engine.submit(request("with", prompt(12, 5), 6, SamplingParams.greedy().withTopLogprobs(3)), with);
            engine.submit(request("without", prompt(12, 5), 6, SamplingParams.greedy()), without);
            int[] tokens = with.await();
            assertArrayEquals(without.await(), tokens, "asking for logprobs does not change the tokens");
            assertTrue(without.logprobs.isEmpty());
            assertEquals(tokens.length, with.logprobs.size());
            for (int i = 0; i < tokens.length; i++) {
                var lp = with.logprobs.get(i);
                assertEquals(tokens[i], lp.tokenId());
                assertEquals(3, lp.top().size());
                assertEquals(tokens[i], lp.top().getFirst().tokenId(), "the greedy token is the most likely");
                assertEquals(lp.logprob(), lp.top().getFirst().logprob());
                assertTrue(lp.logprob() <= 0);
                assertTrue(lp.top().get(1).logprob() <= lp.top().get(0).logprob() && lp.top().get(2).logprob() <= lp.top().get(1).logprob());
            }
        }
    }

    @Test
    void refusesLogitBiasOutsideTheVocabulary() {
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(4, 16, DType.F32, 4, 32))) {
            var e = assertThrows(IllegalArgumentException.class, () -> engine.submit(
                    request("b", prompt(5, 1), 5, SamplingParams.greedy().withLogitBias(java.util.Map.of(VOCAB, 1.0))), new CollectingSink()));
            assertTrue(e.getMessage().contains("logit_bias token id 300"), e.getMessage());
        }
    }

    @Test
    void preemptedRequestsResumeWithTheSameTokens() throws Exception {
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(10, 16, DType.F32, 4, 64))) {
            List<CollectingSink> sinks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                CollectingSink sink = new CollectingSink();
                sinks.add(sink);
                engine.submit(request("p" + i, prompt(30, 100 + i), 30, SamplingParams.greedy()), sink);
            }
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(reference(prompt(30, 100 + i), 30, SamplingParams.greedy()), sinks.get(i).await(), "request " + i);
            }
            awaitIdle(engine);
            assertTrue(engine.stats().preemptions() > 0, "4 x 60 tokens cannot fit 10 blocks of 16 at once");
            assertEquals(10, engine.stats().freeBlocks());
            engine.checkInvariants();
        }
    }

    @Test
    void abortFreesEveryBlock() throws Exception {
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(40, 16, DType.BF16, 4, 32))) {
            CollectingSink aborted = new CollectingSink();
            CollectingSink waiting = new CollectingSink();
            engine.submit(request("long", prompt(60, 1), 400, SamplingParams.greedy()), aborted);
            engine.submit(request("queued", prompt(20, 2), 400, SamplingParams.greedy()), waiting);
            while (aborted.tokens.size() < 2) {
                Thread.sleep(5);
            }
            engine.abort("long");
            engine.abort("queued");
            // CompletableFuture rethrows a CancellationException cause as itself.
            assertThrows(CancellationException.class, aborted::await);
            assertThrows(CancellationException.class, waiting::await);
            awaitIdle(engine);
            assertEquals(40, engine.stats().freeBlocks());
            engine.checkInvariants();
        }
    }

    @Test
    void refusesRequestsItCanNeverServe() {
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(4, 16, DType.F32, 4, 32))) {
            var tooLong = assertThrows(IllegalArgumentException.class,
                    () -> engine.submit(request("x", prompt(10, 1), 5000, SamplingParams.greedy()), new CollectingSink()));
            assertTrue(tooLong.getMessage().contains("context length of 4096"), tooLong.getMessage());
            var tooBig = assertThrows(IllegalArgumentException.class,
                    () -> engine.submit(request("y", prompt(100, 1), 5, SamplingParams.greedy()), new CollectingSink()));
            assertTrue(tooBig.getMessage().contains("KV blocks"), tooBig.getMessage());
            var outgrows = assertThrows(IllegalArgumentException.class,
                    () -> engine.submit(request("z", prompt(10, 1), 100, SamplingParams.greedy()), new CollectingSink()));
            assertTrue(outgrows.getMessage().contains("plus max_tokens (100) needs 7 KV blocks but the cache has only 4"), outgrows.getMessage());
        }
    }
}
