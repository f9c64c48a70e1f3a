package dev.tandem.prefill;

import dev.tandem.engine.cache.KvLayout;
import dev.tandem.engine.cache.KvSnapshot;
import dev.tandem.engine.cache.ModelFingerprint;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.engine.serving.EngineConfig;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.PrefillHandoff;
import dev.tandem.engine.serving.ServingEngine;
import dev.tandem.engine.serving.TokenSink;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.Hash128;
import dev.tandem.protocol.kv.PrefillResult;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvClientConfig;
import dev.tandem.protocol.kv.client.Replica;
import dev.tandem.protocol.kv.client.StaticReplicas;
import dev.tandem.protocol.prefill.DecodeTarget;
import dev.tandem.protocol.prefill.FirstTokenSampling;
import dev.tandem.protocol.prefill.PrefillCancel;
import dev.tandem.protocol.prefill.PrefillChannels;
import dev.tandem.protocol.prefill.PrefillMessages;
import dev.tandem.protocol.prefill.PrefillTask;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prefill task through the broker, the worker and the kv-store: the stored blocks and entry are
 * exactly what a local prefill of the same prompt produces, and the task's message is acknowledged
 * only after the entry is stored.
 */
@QuarkusTest
@QuarkusTestResource(value = PrefillStackResource.class, restrictToAnnotatedClass = true)
class PrefillFlowTest {

    private static final int BLOCK = 16;
    private static Model model;
    private static ServingEngine local;
    private static KvClient kv;
    private static Hash128 fingerprint;
    private static KvLayout layout;

    @BeforeAll
    static void localReference() {
        model = Model.open(PrefillStackResource.modelDir, 1);
        EngineConfig config = new EngineConfig(64, BLOCK, DType.F32, 4, 512);
        local = new ServingEngine(model, config);
        layout = KvLayout.of(model.config(), DType.F32, BLOCK);
        fingerprint = Hash128.of(ModelFingerprint.of(model.checkpoint(), layout).toBytes());
        kv = KvClient.connect(new StaticReplicas(List.of(Replica.parse(PrefillStackResource.store.address()))),
                KvClientConfig.defaults());
    }

    @AfterAll
    static void close() {
        kv.close();
        local.close();
        model.close();
    }

    @Test
    void theStoredBlocksAndEntryAreThoseOfALocalPrefill() throws Exception {
        int[] prompt = prompt(1, 45);
        PrefillTask task = send("flow-1", prompt, FirstTokenSampling.greedy());
        PrefillResult entry = awaitEntry("flow-1");
        PrefillHandoff reference = localPrefill("ref-1", prompt, SamplingParams.greedy());

        assertEquals(reference.firstToken(), entry.firstToken());
        assertEquals(task.blockKeys(), entry.blocks());
        assertEquals(3, entry.blocks().size());
        assertStoredKv("flow-1", entry.blocks(), reference.kv());
        // The message was still delivered and unacknowledged when the entry landed, and is acknowledged after.
        assertTrue(observedWhenStored("flow-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !PrefillStackResource.broker.holds("flow-1"));
    }

    @Test
    void aSeededSampledFirstTokenEqualsTheLocalOne() throws Exception {
        int[] prompt = prompt(2, 20);
        FirstTokenSampling sampling = new FirstTokenSampling(0.9, 50, 0.95, 0, 42L, 1, 0, 0, null, 0);
        send("seeded-1", prompt, sampling);
        PrefillResult entry = awaitEntry("seeded-1");
        PrefillHandoff reference = localPrefill("ref-2", prompt, new SamplingParams(0.9, 50, 0.95, 0, java.util.OptionalLong.of(42)));
        assertEquals(reference.firstToken(), entry.firstToken());
        assertStoredKv("seeded-1", entry.blocks(), reference.kv());
    }

    @Test
    void aFailedTaskIsRedeliveredAndItsResultStoredOnTheNextAttempt() throws Exception {
        int[] prompt = prompt(3, 33);
        send("fail-once-1", prompt, FirstTokenSampling.greedy());
        PrefillResult entry = awaitEntry("fail-once-1");
        assertEquals(2, ObservedKvStoreConnection.ENTRY_ATTEMPTS.get("fail-once-1").get());
        assertTrue(observedWhenStored("fail-once-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !PrefillStackResource.broker.holds("fail-once-1"));
        PrefillHandoff reference = localPrefill("ref-3", prompt, SamplingParams.greedy());
        assertEquals(reference.firstToken(), entry.firstToken());
        assertStoredKv("fail-once-1", entry.blocks(), reference.kv());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tandem_prefill_tasks_total{outcome=\"failed\"}"));
    }

    @Test
    void aPromptSharingAPrefixWithAStoredOneReusesItsBlocks() throws Exception {
        int[] first = prompt(4, 40);
        send("prefix-a", first, FirstTokenSampling.greedy());
        awaitEntry("prefix-a");
        int[] second = Arrays.copyOf(first, 50);
        System.arraycopy(prompt(5, 18), 0, second, 32, 18);
        double reusedBefore = reusedTokens();
        send("prefix-b", second, FirstTokenSampling.greedy());
        PrefillResult entry = awaitEntry("prefix-b");
        assertEquals(32.0, reusedTokens() - reusedBefore);
        PrefillHandoff reference = localPrefill("ref-5", second, SamplingParams.greedy());
        assertEquals(reference.firstToken(), entry.firstToken());
        assertStoredKv("prefix-b", entry.blocks(), reference.kv());
    }

    @Test
    void aCancelledTaskIsDroppedAndAcknowledgedWithoutAResult() throws Exception {
        PrefillStackResource.broker.send(PrefillChannels.CANCELS, RoutingType.MULTICAST, "cancel-1",
                PrefillMessages.toJson(new PrefillCancel("cancel-1")));
        // The cancel is delivered to the worker's own subscription; give it a head start by sending a task after it.
        await().atMost(Duration.ofSeconds(10)).until(() -> PrefillStackResource.broker.server()
                .getPostOffice().getAddressInfo(org.apache.activemq.artemis.api.core.SimpleString.of(PrefillChannels.CANCELS))
                .getRoutedMessageCount() > 0);
        Thread.sleep(500);
        double cancelledBefore = counter("tandem_prefill_tasks_total{outcome=\"cancelled\"}");
        send("cancel-1", prompt(6, 30), FirstTokenSampling.greedy());
        await().atMost(Duration.ofSeconds(30)).until(() -> !PrefillStackResource.broker.holds("cancel-1"));
        assertEquals(Optional.empty(), kv.getEntry("cancel-1"));
        assertEquals(1.0, counter("tandem_prefill_tasks_total{outcome=\"cancelled\"}") - cancelledBefore);
    }

    @Test
    void readinessReportsTheEngineAndTheBroker() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body(containsString("prefill-engine")).body(containsString(fingerprint.toHex())));
    }

    private static PrefillTask send(String id, int[] prompt, FirstTokenSampling sampling) throws Exception {
        PrefillTask task = PrefillTask.of(id, prompt, sampling, fingerprint, BLOCK, new DecodeTarget("test-decode", "127.0.0.1:1"),
                System.currentTimeMillis() + 120_000);
        PrefillStackResource.broker.send(PrefillChannels.TASKS, RoutingType.ANYCAST, id, PrefillMessages.toJson(task));
        return task;
    }

    private static PrefillResult awaitEntry(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> kv.getEntry(id), Optional::isPresent).orElseThrow();
    }

    /**
     * Whether the task's message was unacknowledged when its entry was stored. The observer records it
     * just after the put returns, so the entry can be visible to the test a moment before the record is.
     */
    private static boolean observedWhenStored(String id) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> ObservedKvStoreConnection.UNACKNOWLEDGED_WHEN_STORED.get(id), Objects::nonNull);
    }

    private static double reusedTokens() {
        return counter("tandem_prefill_prompt_tokens_total{source=\"kv_store\"}");
    }

    private static double counter(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private static int[] prompt(long seed, int length) {
        return new SplittableRandom(seed).ints(length, 0, model.config().vocabSize()).toArray();
    }

    private static PrefillHandoff localPrefill(String id, int[] prompt, SamplingParams sampling) throws Exception {
        CompletableFuture<PrefillHandoff> handoff = new CompletableFuture<>();
        local.submit(new EngineRequest(id, prompt, 1, sampling, true, Set.of(), EngineRequest.Role.PREFILL_ONLY, null), new TokenSink() {
            @Override
            public void onToken(int tokenId) {
            }

            @Override
            public void onPrefilled(PrefillHandoff h) {
                handoff.complete(h);
            }

            @Override
            public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
            }

            @Override
            public void onError(Throwable error) {
                handoff.completeExceptionally(error);
            }
        });
        return handoff.get(60, TimeUnit.SECONDS);
    }

    /**
     * The stored blocks are exactly the KV the worker's engine computed (byte for byte; a partial
     * last block's unused slots are zeros), and that KV is the KV of a local prefill of the same
     * prompt. The second comparison allows float rounding: the engine's vectorised exp (softmax,
     * SiLU) rounds differently in the last bit before and after the JIT compiles it, so two engines
     * in one JVM can differ in the last ulp; bytes are compared where the same computation made them.
     */
    private static void assertStoredKv(String requestId, List<BlockKey> keys, KvSnapshot local) {
        await().atMost(Duration.ofSeconds(10)).until(() -> PrefillDoneRecorder.DONE.containsKey(requestId));
        KvSnapshot computed = PrefillDoneRecorder.DONE.get(requestId).kv();
        assertEquals(computed.blockCount(), keys.size());
        for (int b = 0; b < keys.size(); b++) {
            KvClient.StoredBlock stored = kv.get(keys.get(b)).orElseThrow(() -> new AssertionError("block missing from the kv-store"));
            byte[] expected = computed.block(b);
            int valid = Math.min(BLOCK, computed.tokens() - b * BLOCK);
            if (valid < BLOCK) {
                zeroTail(expected, valid);
            }
            byte[] actual = stored.data().toArray(ValueLayout.JAVA_BYTE);
            assertEquals(layout.layers(), stored.layout().layers());
            int at = Arrays.mismatch(expected, actual);
            assertEquals(-1, at, () -> "stored block differs from the worker's KV first at " + describe(at));
        }
        assertEquals(local.tokens(), computed.tokens());
        float[] a = floats(computed);
        float[] b = floats(local);
        for (int layer = 0; layer < layout.layers(); layer++) {
            for (boolean value : new boolean[] {false, true}) {
                for (int p = 0; p < local.tokens(); p++) {
                    int base = Math.toIntExact(((p / BLOCK) * layout.blockBytes() + layout.offset(layer, value, p % BLOCK)) / 4);
                    for (int i = 0; i < layout.kvDim(); i++) {
                        float x = a[base + i];
                        float y = b[base + i];
                        int position = p;
                        int lane = i;
                        int layerIndex = layer;
                        assertTrue(Math.abs(x - y) <= 1e-4f * Math.max(1f, Math.abs(y)), () -> "layer " + layerIndex + (value ? " V" : " K") + " position " + position
                                + " lane " + lane + ": " + x + " vs local " + y);
                    }
                }
            }
        }
    }

    private static float[] floats(KvSnapshot kv) {
        float[] out = new float[kv.blocks().length / 4];
        java.nio.ByteBuffer.wrap(kv.blocks()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** Where a byte offset in a block falls: layer, K or V, slot. */
    private static String describe(int offset) {
        long plane = (long) BLOCK * layout.kvDim() * layout.elementBytes();
        int layer = (int) (offset / (2 * plane));
        boolean value = (offset / plane) % 2 == 1;
        long slot = (offset % plane) / ((long) layout.kvDim() * layout.elementBytes());
        return "byte " + offset + " (layer " + layer + (value ? " V" : " K") + " slot " + slot + ")";
    }

    private static void zeroTail(byte[] block, int validSlots) {
        for (int layer = 0; layer < layout.layers(); layer++) {
            for (boolean value : new boolean[] {false, true}) {
                int from = Math.toIntExact(layout.offset(layer, value, validSlots));
                int to = Math.toIntExact(layout.offset(layer, value, 0) + (long) BLOCK * layout.kvDim() * layout.elementBytes());
                Arrays.fill(block, from, to, (byte) 0);
            }
        }
    }
}
