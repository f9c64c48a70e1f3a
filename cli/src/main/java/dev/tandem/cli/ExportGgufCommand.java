package dev.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.GgufExport;
import dev.tandem.engine.checkpoint.GgufWriter;
import dev.tandem.engine.checkpoint.HfCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code tandem model export-gguf}: a Hugging Face checkpoint as a GGUF file that llama.cpp loads. */
@Command(name = "export-gguf", mixinStandardHelpOptions = true,
        description = "Write a Hugging Face checkpoint directory as a GGUF v3 file (llama.cpp's names and layout).")
final class ExportGgufCommand implements Callable<Integer> {

    /** The storage types of the 2-D weights; norms are always F32. */
    enum WeightType {
        bf16(DType.BF16), f16(DType.F16), q8_0(DType.Q8_0), f32(DType.F32);

        final DType dtype;

        WeightType(DType dtype) {
            this.dtype = dtype;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory (Hugging Face layout, with tokenizer.json).")
    Path model;

    @Option(names = "--out", required = true, description = "GGUF file to write.")
    Path out;

    @Option(names = "--type", defaultValue = "bf16", description = "Type of the 2-D weights: bf16, f16, q8_0 or f32 (default ${DEFAULT-VALUE}).")
    WeightType type;

    @Option(names = "--name", description = "general.name (default: the directory's name).")
    String name;

    @Option(names = "--json", description = "Print one JSON object describing the file.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        GgufExport export;
        if (name == null) {
            export = GgufWriter.write(model, out, type.dtype);
        } else {
            try (HfCheckpoint checkpoint = HfCheckpoint.open(model)) {
                export = GgufWriter.write(checkpoint, model, name, out, type.dtype);
            }
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("file", export.file().toString());
            root.put("type", type.name());
            root.put("file_bytes", export.fileBytes());
            root.put("tensors", export.tensorCount());
            ObjectNode types = root.putObject("tensor_types");
            export.tensorTypes().forEach((dtype, count) -> types.put(dtype.name().toLowerCase(Locale.ROOT), count));
            root.put("decode_weight_bytes", export.decodeWeightBytes());
            spec.commandLine().getOut().println(mapper.writeValueAsString(root));
            spec.commandLine().getOut().flush();
        }
        spec.commandLine().getErr().printf("wrote %s: %d tensors %s, %.1f MB%n", out, export.tensorCount(),
                export.tensorTypes(), export.fileBytes() / 1e6);
        return 0;
    }
}
