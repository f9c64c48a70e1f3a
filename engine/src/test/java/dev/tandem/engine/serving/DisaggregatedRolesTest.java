package dev.tandem.engine.serving;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.generate.GenerationRequest;
import dev.tandem.engine.generate.Generator;
import dev.tandem.engine.model.InMemoryCheckpoint;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.sampling.SamplingParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prefill on one engine, decode on another, through a KV snapshot: the tokens must not change. */
class DisaggregatedRolesTest {

    private static final int VOCAB = 300;
    private static Model model;

    @BeforeAll
    static void openModel() {
        model = Model.of(new InMemoryCheckpoint(InMemoryCheckpoint.qwen3Config(VOCAB), DType.BF16, 21), 2);
    }

    @AfterAll
    static void closeModel() {
        model.close();
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "BF16"})
    void prefillHereDecodeThereGivesTheSameTokens(DType kvDtype) throws Exception {
        int[] prompt = new SplittableRandom(4).ints(37, 0, VOCAB).toArray();
        EngineConfig config = new EngineConfig(32, 16, kvDtype, 4, 16);
        try (ServingEngine prefill = new ServingEngine(model, config); ServingEngine decode = new ServingEngine(model, config)) {
            CompletableFuture<PrefillHandoff> handoff = new CompletableFuture<>();
            CollectingSink prefillSink = new CollectingSink() {
                @Override
                public void onPrefilled(PrefillHandoff h) {
                    handoff.complete(h);
                }
            };
            prefill.submit(new EngineRequest("r", prompt, 20, SamplingParams.greedy(), true, Set.of(), EngineRequest.Role.PREFILL_ONLY, null), prefillSink);
            PrefillHandoff h = handoff.get(60, TimeUnit.SECONDS);
            assertEquals(1, prefillSink.await().length);
            assertEquals(37, h.kv().tokens());
            assertEquals(3, h.kv().blockCount());

            CollectingSink decodeSink = new CollectingSink();
            decode.submit(new EngineRequest("r", prompt, 20, SamplingParams.greedy(), true, Set.of(), EngineRequest.Role.DECODE_ONLY, h), decodeSink);
            int[] tokens = decodeSink.await();

            CollectingSink localSink = new CollectingSink();
            decode.submit(new EngineRequest("local", prompt, 20, SamplingParams.greedy(), true, Set.of()), localSink);
            assertArrayEquals(localSink.await(), tokens);
            assertEquals(h.firstToken(), tokens[0]);
            if (kvDtype == DType.F32) {
                int[] reference = new Generator(model.transformer())
                        .generate(new GenerationRequest(prompt, 20, SamplingParams.greedy(), true, Set.of(), 0, 512)).ids();
                assertArrayEquals(reference, tokens);
            }
            Thread.sleep(200);
            assertEquals(32, prefill.stats().freeBlocks());
            assertEquals(32, decode.stats().freeBlocks());
        }
    }

    @Test
    void aSeededDecodeOnlyContinuesTheSeedsStreamLikeLocalServing() throws Exception {
        int[] prompt = new SplittableRandom(6).ints(21, 0, VOCAB).toArray();
        SamplingParams seeded = new SamplingParams(1.3, 0, 1, 0, java.util.OptionalLong.of(42));
        EngineConfig config = new EngineConfig(32, 16, DType.F32, 4, 16);
        try (ServingEngine prefill = new ServingEngine(model, config); ServingEngine decode = new ServingEngine(model, config)) {
            CompletableFuture<PrefillHandoff> handoff = new CompletableFuture<>();
            prefill.submit(new EngineRequest("r", prompt, 1, seeded, true, Set.of(), EngineRequest.Role.PREFILL_ONLY, null),
                    new CollectingSink() {
                        @Override
                        public void onPrefilled(PrefillHandoff h) {
                            handoff.complete(h);
                        }
                    });
            PrefillHandoff h = handoff.get(60, TimeUnit.SECONDS);
            CollectingSink remote = new CollectingSink();
            decode.submit(new EngineRequest("r", prompt, 24, seeded, true, Set.of(), EngineRequest.Role.DECODE_ONLY, h), remote);
            CollectingSink local = new CollectingSink();
            decode.submit(new EngineRequest("local", prompt, 24, seeded, true, Set.of()), local);
            assertArrayEquals(local.await(), remote.await());
        }
    }

    @Test
    void aHandoffOfAnotherLayoutIsRefused() throws Exception {
        int[] prompt = new SplittableRandom(5).ints(20, 0, VOCAB).toArray();
        try (ServingEngine prefill = new ServingEngine(model, new EngineConfig(8, 16, DType.F32, 2, 64));
             ServingEngine decode = new ServingEngine(model, new EngineConfig(8, 16, DType.BF16, 2, 64))) {
            CompletableFuture<PrefillHandoff> handoff = new CompletableFuture<>();
            prefill.submit(new EngineRequest("r", prompt, 5, SamplingParams.greedy(), true, Set.of(), EngineRequest.Role.PREFILL_ONLY, null),
                    new CollectingSink() {
                        @Override
                        public void onPrefilled(PrefillHandoff h) {
                            handoff.complete(h);
                        }
                    });
            PrefillHandoff h = handoff.get(60, TimeUnit.SECONDS);
            var e = assertThrows(IllegalArgumentException.class, () -> decode.submit(
                    new EngineRequest("r", prompt, 5, SamplingParams.greedy(), true, Set.of(), EngineRequest.Role.DECODE_ONLY, h), new CollectingSink()));
            assertTrue(e.getMessage().contains("layout mismatch"), e.getMessage());
        }
    }
}
