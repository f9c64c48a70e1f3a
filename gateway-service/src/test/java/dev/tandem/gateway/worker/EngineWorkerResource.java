package dev.tandem.gateway.worker;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.model.RandomModelShape;
import dev.tandem.engine.model.RandomModelWriter;
import dev.tandem.engine.serving.EngineConfig;
import dev.tandem.engine.serving.ServingEngine;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Starts one decode worker for the gateway under test: an in-process gRPC server on 127.0.0.1, port 0, over a real
 * {@link ServingEngine}. Init arg {@code model}: {@code random} (default) writes a random-weight qwen3-tiny with its
 * self-made tokenizer to a temporary directory; {@code shared} uses ../shared/models/qwen3-tiny-random (tests using
 * it are disabled when it is absent, see {@link SharedModels}).
 */
public class EngineWorkerResource implements QuarkusTestResourceLifecycleManager {

    static final int BLOCK_SIZE = 16;
    static final int KV_BLOCKS = 512;

    private String which = "random";
    private boolean startWorker = true;
    private Path tempDir;
    private Model model;
    private ServingEngine engine;
    private Server server;

    @Override
    public void init(Map<String, String> initArgs) {
        which = initArgs.getOrDefault("model", "random");
        startWorker = !initArgs.getOrDefault("worker", "engine").equals("none");
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir;
            if (which.equals("shared")) {
                dir = SharedModels.qwen3TinyRandom();
            } else {
                tempDir = Files.createTempDirectory("gateway-test-model");
                dir = tempDir.resolve("qwen3-tiny-random-own-tokenizer");
                RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.F32, 7, dir, Optional.empty());
            }
            if (!startWorker) {
                return Map.of("tandem.gateway.model-dir", dir.toString(), "tandem.gateway.model-aliases", "qwen",
                        "tandem.gateway.workers", "127.0.0.1:" + closedPort());
            }
            model = Model.open(dir, 2);
            engine = new ServingEngine(model, new EngineConfig(KV_BLOCKS, BLOCK_SIZE, DType.F32, 16, 256));
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                    .addService(new EngineDecodeService(engine, dir, BLOCK_SIZE, KV_BLOCKS)).build().start();
            return Map.of(
                    "tandem.gateway.model-dir", dir.toString(),
                    "tandem.gateway.model-aliases", "qwen",
                    "tandem.gateway.workers", "127.0.0.1:" + server.getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on: bound, then released. */
    private static int closedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
        if (engine != null) {
            engine.close();
        }
        if (model != null) {
            model.close();
        }
        if (tempDir != null) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp directory is harmless
            }
        }
    }
}
