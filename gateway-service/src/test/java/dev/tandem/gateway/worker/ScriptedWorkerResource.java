package dev.tandem.gateway.worker;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.ModelConfigReader;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RandomModelShape;
import dev.tandem.engine.model.RandomModelWriter;
import dev.tandem.engine.tokenizer.Tokenizer;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts scripted decode workers ({@link ScriptedDecodeService}) on 127.0.0.1 for the gateway under test and hands
 * them to the test's {@link ScriptedWorkers.Inject} field. Init args: {@code model} {@code random} (default: a
 * self-made random qwen3-tiny, only its tokenizer is used) or {@code shared} (../shared/models/qwen3-tiny-random, the
 * real Qwen3 tokenizer and chat template; tests using it are disabled when it is absent, see {@link SharedModels});
 * {@code workers}, how many (default 1; with more, routing is round robin so that each gets calls).
 */
public class ScriptedWorkerResource implements QuarkusTestResourceLifecycleManager {

    private String which = "random";
    private int count = 1;
    private Path tempDir;
    private final List<Server> servers = new ArrayList<>();
    private ScriptedWorkers workers;

    @Override
    public void init(Map<String, String> initArgs) {
        which = initArgs.getOrDefault("model", "random");
        count = Integer.parseInt(initArgs.getOrDefault("workers", "1"));
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir;
            if (which.equals("shared")) {
                dir = SharedModels.qwen3TinyRandom();
            } else {
                tempDir = Files.createTempDirectory("gateway-scripted-model");
                dir = tempDir.resolve("qwen3-tiny-random-own-tokenizer");
                RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.F32, 7, dir, Optional.empty());
            }
            Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
            ModelConfig config = ModelConfigReader.read(dir);
            int endOfSequence = config.eosTokenIds().getFirst();
            List<ScriptedDecodeService> services = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ScriptedDecodeService service = new ScriptedDecodeService(dir, tokenizer, endOfSequence,
                        config.vocabSize(), config.maxPositionEmbeddings());
                servers.add(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service)
                        .build().start());
                services.add(service);
            }
            workers = new ScriptedWorkers(services);
            String addresses = servers.stream().map(s -> "127.0.0.1:" + s.getPort()).collect(Collectors.joining(","));
            return Map.of(
                    "tandem.gateway.model-dir", dir.toString(),
                    "tandem.gateway.model-aliases", "qwen",
                    "tandem.gateway.workers", addresses,
                    "tandem.gateway.routing.policy", count > 1 ? "round_robin" : "cache_aware");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(workers,
                new TestInjector.AnnotatedAndMatchesType(ScriptedWorkers.Inject.class, ScriptedWorkers.class));
    }

    @Override
    public void stop() {
        servers.forEach(Server::shutdownNow);
        if (tempDir != null) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temp directory is harmless
            }
        }
    }
}
