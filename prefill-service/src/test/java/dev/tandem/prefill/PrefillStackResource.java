package dev.tandem.prefill;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.RandomModelShape;
import dev.tandem.engine.model.RandomModelWriter;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a prefill worker needs around it, all on loopback: a random-weight model in a temp dir, an
 * in-process Artemis broker and the packaged kv-store-service as a child process.
 */
public class PrefillStackResource implements QuarkusTestResourceLifecycleManager {

    static volatile Path modelDir;
    static volatile TestBroker broker;
    static volatile KvStoreChild store;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("tandem-prefill-test-");
            modelDir = dir.resolve("model");
            RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.BF16, 7, modelDir, Optional.empty());
            broker = new TestBroker(dir.resolve("broker"));
            store = KvStoreChild.start();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the prefill test stack: " + e.getMessage(), e);
        }
        return Map.ofEntries(
                Map.entry("tandem.prefill.model", modelDir.toString()),
                Map.entry("tandem.prefill.threads", "2"),
                Map.entry("tandem.prefill.max-in-flight", "2"),
                Map.entry("tandem.prefill.engine.kv-blocks", "64"),
                // The checks compare stored blocks with an f32 local engine's export, byte for byte.
                Map.entry("tandem.prefill.engine.kv-dtype", "f32"),
                // Chunks of 12 tokens: every prompt is prefilled over several steps that end inside blocks.
                Map.entry("tandem.prefill.engine.max-batched-tokens", "12"),
                Map.entry("tandem.prefill.kv-store.replicas", store.address()),
                Map.entry("tandem.prefill.kv-store.deadline", "20s"),
                Map.entry("amqp-host", "127.0.0.1"),
                Map.entry("amqp-port", Integer.toString(broker.port())));
    }

    @Override
    public void stop() {
        try {
            if (store != null) {
                store.close();
            }
            if (broker != null) {
                broker.close();
            }
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the prefill test stack", e);
        }
    }
}
