package dev.tandem.engine.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.ModelConfigWriter;
import dev.tandem.engine.checkpoint.SafetensorsWriter;
import dev.tandem.engine.checkpoint.TensorLayout;
import dev.tandem.engine.checkpoint.TensorSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes a model with deterministic random weights as a Hugging Face checkpoint directory: config.json,
 * generation_config.json, safetensors (sharded above {@link SafetensorsWriter#DEFAULT_MAX_SHARD_BYTES}) and
 * tokenizer files. Weights are generated in parallel on every core and written tensor by tensor, so even a
 * multi-gigabyte model never sits whole in memory; see {@link RandomWeights} for the values.
 */
public final class RandomModelWriter {

    private RandomModelWriter() {
    }

    /**
     * Writes {@code shape} into {@code out} (created if needed).
     *
     * @param dtype         F32, BF16 or F16
     * @param seed          the same seed gives the same bytes
     * @param tokenizerFrom a directory whose tokenizer.json (and tokenizer_config.json) to copy; when empty a
     *                      small byte-level BPE tokenizer with a ChatML template is written instead
     * @return the configuration written
     */
    public static ModelConfig write(RandomModelShape shape, DType dtype, long seed, Path out, Optional<Path> tokenizerFrom)
            throws IOException {
        return write(shape, dtype, seed, out, tokenizerFrom, SafetensorsWriter.DEFAULT_MAX_SHARD_BYTES,
                Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #write(RandomModelShape, DType, long, Path, Optional)}, with the shard size and thread count chosen. */
    static ModelConfig write(RandomModelShape shape, DType dtype, long seed, Path out, Optional<Path> tokenizerFrom,
                             long maxShardBytes, int threads) throws IOException {
        RandomModelShape.torchDtype(dtype); // refuses Q8_0 before anything is written
        Files.createDirectories(out);
        ObjectMapper mapper = new ObjectMapper();
        RandomModelTokenizer tokenizer = RandomModelTokenizer.write(out, tokenizerFrom, shape.maxPositions(), mapper);
        int vocab = shape.vocabSize(tokenizer.size(), tokenizer.copied());
        ModelConfig config = shape.config(vocab, tokenizer.bosId(), tokenizer.eosIds(), dtype);
        ModelConfigWriter.write(out, config);
        List<TensorSpec> specs = TensorLayout.of(config).stream().filter(TensorSpec::required).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "random-weights");
            thread.setDaemon(true);
            return thread;
        });
        try {
            SafetensorsWriter.write(out, RandomWeights.tensors(specs, dtype, seed, pool, 2 * threads + 2), maxShardBytes);
        } finally {
            pool.shutdownNow();
        }
        return config;
    }
}
