package dev.tandem.cli;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RandomModelShape;
import dev.tandem.engine.model.RandomModelWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tandem model random}: a deterministic random-weight model, the test and benchmark fixture. */
@Command(name = "random", mixinStandardHelpOptions = true,
        description = "Write a deterministic random-weight model in Hugging Face layout.")
final class RandomModelCommand implements Callable<Integer> {

    /** The dtypes a Hugging Face checkpoint is written in. */
    enum WeightType {
        bf16(DType.BF16), f32(DType.F32);

        final DType dtype;

        WeightType(DType dtype) {
            this.dtype = dtype;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--shape", required = true, description = "qwen3-tiny, qwen3-0.6b, qwen3-32b-1layer or llama-tiny.")
    String shape;

    @Option(names = "--dtype", defaultValue = "bf16", description = "bf16 or f32 (default ${DEFAULT-VALUE}).")
    WeightType dtype;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Directory to write.")
    Path out;

    @Option(names = "--tokenizer-from", description = "Copy tokenizer files from this checkpoint instead of writing a small byte-level one.")
    Path tokenizerFrom;

    @Override
    public Integer call() throws Exception {
        RandomModelShape modelShape = RandomModelShape.fromId(shape);
        ModelConfig config = RandomModelWriter.write(modelShape, dtype.dtype, seed, out, Optional.ofNullable(tokenizerFrom));
        spec.commandLine().getErr().printf("wrote %s (%s, %d layers, hidden %d, vocab %d, %s) to %s%n",
                modelShape.id(), config.architecture().hfName(), config.numLayers(), config.hiddenSize(),
                config.vocabSize(), dtype, out);
        return 0;
    }
}
