package dev.tandem.decode.prefill;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.RandomModelShape;
import dev.tandem.engine.model.RandomModelWriter;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A decode worker in {@code always-remote} mode with everything around it on loopback: a
 * random-weight model in a temp dir, an in-process Artemis broker, and the packaged kv-store and
 * prefill worker as child processes (both KV layouts at their defaults: bf16, blocks of 16).
 */
public class RemotePrefillStackResource implements QuarkusTestResourceLifecycleManager {

    /** How long the decode worker waits for a remote prefill (the no-worker test waits this long once). */
    static final String TIMEOUT = "6s";
    static final int KV_BLOCKS = 96;

    static volatile Path modelDir;
    static volatile ServiceChild prefill;
    private TestBroker broker;
    private ServiceChild store;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("tandem-decode-remote-test-");
            modelDir = dir.resolve("model");
            RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.BF16, 7, modelDir, Optional.empty());
            broker = new TestBroker(dir.resolve("broker"));
            store = ServiceChild.start("kv-store", ServiceChild.jar("tandem.kv-store.jar", "../kv-store-service/target/quarkus-app/quarkus-run.jar"),
                    List.of("-Dquarkus.grpc.server.host=127.0.0.1", "-Dquarkus.grpc.server.port=0",
                            "-Dtandem.kv.pool.capacity=64M", "-Dtandem.kv.pool.slab-size=4M", "-Dtandem.kv.pool.prefault=false",
                            "-Dtandem.kv.pool.path=" + dir.resolve("kv.pool")), true);
            prefill = ServiceChild.start("prefill", ServiceChild.jar("tandem.prefill.jar", "../prefill-service/target/quarkus-app/quarkus-run.jar"),
                    List.of("-Dtandem.prefill.model=" + modelDir, "-Dtandem.prefill.threads=1", "-Dtandem.prefill.engine.kv-blocks=64",
                            "-Dtandem.prefill.kv-store.replicas=" + store.grpcAddress(), "-Dtandem.prefill.load-interval=500ms",
                            "-Damqp-host=127.0.0.1", "-Damqp-port=" + broker.port()), false);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the remote-prefill test stack: " + e.getMessage(), e);
        }
        return Map.ofEntries(
                Map.entry("tandem.decode.model", modelDir.toString()),
                Map.entry("tandem.decode.threads", "1"),
                Map.entry("tandem.decode.kv.blocks", Integer.toString(KV_BLOCKS)),
                Map.entry("tandem.decode.scheduling.max-running", "4"),
                Map.entry("tandem.decode.prefill.mode", "always-remote"),
                Map.entry("tandem.decode.prefill.timeout", TIMEOUT),
                Map.entry("tandem.decode.worker-id", "decode-test"),
                Map.entry("tandem.decode.kv-store.replicas", store.grpcAddress()),
                Map.entry("amqp-host", "127.0.0.1"),
                Map.entry("amqp-port", Integer.toString(broker.port())));
    }

    /** Stops the prefill worker: later tasks find nobody to run them. */
    static void stopPrefillWorker() throws InterruptedException {
        if (prefill != null) {
            prefill.close();
        }
    }

    @Override
    public void stop() {
        try {
            if (prefill != null) {
                prefill.close();
            }
            if (store != null) {
                store.close();
            }
            if (broker != null) {
                broker.close();
            }
            if (dir != null) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the remote-prefill test stack", e);
        }
    }
}
