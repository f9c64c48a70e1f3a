package dev.tandem.engine.serving;

import dev.tandem.engine.cache.KvLayout;
import dev.tandem.engine.cache.KvSnapshot;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.InMemoryCheckpoint;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.sampling.SamplingParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A prefill's KV told layer by layer, and a prefix loaded instead of computed, change nothing. */
class LayerwisePrefillTest {

    private static final int VOCAB = 300;
    private static final int PROMPT = 45;
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
    void theKvToldLayerByLayerEqualsTheExport(DType kvDtype) throws Exception {
        int[] prompt = new SplittableRandom(8).ints(PROMPT, 0, VOCAB).toArray();
        // A 12-token step budget splits the prompt into chunks that end inside blocks.
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(16, 16, kvDtype, 2, 12))) {
            KvLayout layout = KvLayout.of(model.config(), kvDtype, 16);
            LayerCollector layers = new LayerCollector(layout, PROMPT);
            PrefillHandoff h = prefill(engine, prompt, new PrefillOptions(null, layers));

            assertEquals(List.of(0, 12, 24, 36, 45), layers.chunkBounds());
            assertArrayEquals(validRows(h.kv()), validRows(layers.snapshot()));
        }
    }

    @Test
    void theLayerHookLeavesTheOutputsUnchanged() throws Exception {
        int[] prompt = new SplittableRandom(9).ints(PROMPT, 0, VOCAB).toArray();
        EngineConfig config = new EngineConfig(16, 16, DType.F32, 2, 12);
        try (ServingEngine plain = new ServingEngine(model, config); ServingEngine hooked = new ServingEngine(model, config)) {
            PrefillHandoff a = prefill(plain, prompt, PrefillOptions.NONE);
            PrefillHandoff b = prefill(hooked, prompt, new PrefillOptions(null, kv -> { }));
            assertEquals(a.firstToken(), b.firstToken());
            assertArrayEquals(validRows(a.kv()), validRows(b.kv()));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "BF16"})
    void aLoadedPrefixGivesTheSameTokenAndKvAndIsNotRecomputed(DType kvDtype) throws Exception {
        int[] prompt = new SplittableRandom(10).ints(PROMPT, 0, VOCAB).toArray();
        EngineConfig config = new EngineConfig(16, 16, kvDtype, 2, 64);
        try (ServingEngine first = new ServingEngine(model, config); ServingEngine second = new ServingEngine(model, config)) {
            PrefillHandoff full = prefill(first, prompt, PrefillOptions.NONE);
            KvSnapshot prefix = new KvSnapshot(full.kv().layout(), 32, Arrays.copyOf(full.kv().blocks(),
                    Math.toIntExact(2 * full.kv().layout().blockBytes())));

            LayerCollector layers = new LayerCollector(full.kv().layout(), PROMPT);
            PrefillHandoff resumed = prefill(second, prompt, new PrefillOptions(prefix, layers));

            assertEquals(full.firstToken(), resumed.firstToken());
            assertEquals(List.of(32, 45), layers.chunkBounds());
            assertArrayEquals(validRows(full.kv()), validRows(resumed.kv()));
        }
    }

    @Test
    void aPrefixOfAnotherLayoutOrLongerThanThePromptIsRefused() throws Exception {
        int[] prompt = new SplittableRandom(11).ints(20, 0, VOCAB).toArray();
        try (ServingEngine engine = new ServingEngine(model, new EngineConfig(8, 16, DType.F32, 2, 64))) {
            KvLayout bf16 = KvLayout.of(model.config(), DType.BF16, 16);
            KvLayout f32 = KvLayout.of(model.config(), DType.F32, 16);
            EngineRequest request = new EngineRequest("r", prompt, 1, SamplingParams.greedy(), true, Set.of(),
                    EngineRequest.Role.PREFILL_ONLY, null);
            assertThrows(IllegalArgumentException.class, () -> engine.submit(request, new CollectingSink(),
                    new PrefillOptions(new KvSnapshot(bf16, 16, new byte[Math.toIntExact(bf16.blockBytes())]), null)));
            assertThrows(IllegalArgumentException.class, () -> engine.submit(request, new CollectingSink(),
                    new PrefillOptions(new KvSnapshot(f32, 32, new byte[Math.toIntExact(2 * f32.blockBytes())]), null)));
            assertThrows(IllegalArgumentException.class, () -> new PrefillOptions(
                    new KvSnapshot(f32, 15, new byte[Math.toIntExact(f32.blockBytes())]), null));
        }
    }

    private static PrefillHandoff prefill(ServingEngine engine, int[] prompt, PrefillOptions options) throws Exception {
        CompletableFuture<PrefillHandoff> handoff = new CompletableFuture<>();
        CollectingSink sink = new CollectingSink() {
            @Override
            public void onPrefilled(PrefillHandoff h) {
                handoff.complete(h);
            }
        };
        engine.submit(new EngineRequest("r", prompt, 4, SamplingParams.greedy(), true, Set.of(),
                EngineRequest.Role.PREFILL_ONLY, null), sink, options);
        PrefillHandoff h = handoff.get(60, TimeUnit.SECONDS);
        assertEquals(h.firstToken(), sink.await()[0]);
        return h;
    }

    /** The snapshot's rows of its valid positions only (a last block's tail holds whatever the block held before). */
    private static byte[] validRows(KvSnapshot kv) {
        KvLayout layout = kv.layout();
        int rowBytes = layout.kvDim() * layout.elementBytes();
        byte[] out = new byte[layout.layers() * 2 * kv.tokens() * rowBytes];
        int at = 0;
        for (int layer = 0; layer < layout.layers(); layer++) {
            for (int v = 0; v < 2; v++) {
                for (int p = 0; p < kv.tokens(); p++) {
                    long from = (p / layout.blockSize()) * layout.blockBytes() + layout.offset(layer, v == 1, p % layout.blockSize());
                    System.arraycopy(kv.blocks(), Math.toIntExact(from), out, at, rowBytes);
                    at += rowBytes;
                }
            }
        }
        return out;
    }

    /** Assembles the rows a {@link LayerKvSink} is told into blocks laid out like an export. */
    private static final class LayerCollector implements LayerKvSink {
        private final KvLayout layout;
        private final int tokens;
        private final byte[] blocks;
        private final List<Integer> bounds = new ArrayList<>();
        private int nextLayer;

        LayerCollector(KvLayout layout, int tokens) {
            this.layout = layout;
            this.tokens = tokens;
            this.blocks = new byte[Math.toIntExact(layout.blocksFor(tokens) * layout.blockBytes())];
        }

        @Override
        public void onLayer(LayerKv kv) {
            assertEquals(nextLayer, kv.layer(), "layers in order");
            nextLayer = (kv.layer() + 1) % layout.layers();
            if (kv.layer() == 0) {
                if (bounds.isEmpty()) {
                    bounds.add(kv.from());
                }
                bounds.add(kv.to());
            }
            for (int p = kv.from(); p < kv.to(); p++) {
                int block = p / layout.blockSize();
                int slot = p % layout.blockSize();
                for (boolean value : new boolean[] {false, true}) {
                    MemorySegment row = kv.rows(block, value, slot, slot + 1);
                    long at = block * layout.blockBytes() + layout.offset(kv.layer(), value, slot);
                    MemorySegment.copy(row, 0, MemorySegment.ofArray(blocks), at, row.byteSize());
                }
            }
        }

        List<Integer> chunkBounds() {
            return bounds;
        }

        KvSnapshot snapshot() {
            return new KvSnapshot(layout, tokens, blocks);
        }
    }
}
