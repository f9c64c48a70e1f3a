package dev.tandem.decode;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.RandomModelShape;
import dev.tandem.engine.model.RandomModelWriter;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Writes a small random-weight Llama into a temporary directory and points the worker at it, with a small KV cache. */
public class RandomModelResource implements QuarkusTestResourceLifecycleManager {

    /** KV blocks of the worker under test. */
    public static final int KV_BLOCKS = 160;

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("decode-random-model");
            RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.F32, 7, dir, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "tandem.decode.model", dir.toString(),
                "tandem.decode.threads", "2",
                "tandem.decode.kv.blocks", Integer.toString(KV_BLOCKS),
                "tandem.decode.kv.dtype", "f32",
                "tandem.decode.scheduling.max-running", "4",
                "tandem.decode.scheduling.max-batched-tokens", "64");
    }

    @Override
    public void stop() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
