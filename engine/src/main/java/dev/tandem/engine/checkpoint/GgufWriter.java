package dev.tandem.engine.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a checkpoint as a GGUF v3 file that llama.cpp loads: {@code general.*} and {@code {arch}.*} metadata
 * from the model configuration ({@link GgufModelKeys}), the tokenizer as {@code tokenizer.ggml.*}
 * ({@link GgufTokenizerKeys}), and the tensors under llama.cpp's names with reversed dims ({@link GgufTensorPlan}:
 * norms F32, 2-D weights in the requested type, llama q/k rows permuted to the interleaved layout). Tensors are
 * converted and written one after another, so the model is never held in memory.
 */
public final class GgufWriter {

    private GgufWriter() {
    }

    /**
     * Exports the Hugging Face checkpoint in {@code modelDir} (its tokenizer files beside it), named after the
     * directory.
     *
     * @param weightType storage type of the 2-D weights: F32, F16, BF16 or Q8_0
     */
    public static GgufExport write(Path modelDir, Path out, DType weightType) throws IOException {
        try (HfCheckpoint checkpoint = HfCheckpoint.open(modelDir)) {
            Path name = modelDir.toAbsolutePath().normalize().getFileName();
            return write(checkpoint, modelDir, name != null ? name.toString() : "model", out, weightType);
        }
    }

    /**
     * Exports an open checkpoint.
     *
     * @param tokenizerDir the directory holding tokenizer.json (and tokenizer_config.json)
     * @param name         {@code general.name}
     */
    public static GgufExport write(Checkpoint checkpoint, Path tokenizerDir, String name, Path out, DType weightType)
            throws IOException {
        GgufMetadata metadata = new GgufMetadata();
        GgufModelKeys.put(metadata, checkpoint.config(), name, weightType);
        GgufTokenizerKeys.put(metadata, HfTokenizerFiles.read(tokenizerDir), checkpoint.config());
        List<GgufTensorEntry> tensors = GgufTensorPlan.of(checkpoint, weightType);
        long bytes = GgufFileWriter.write(out, metadata, tensors);
        Map<DType, Integer> types = new TreeMap<>();
        tensors.forEach(t -> types.merge(t.dtype(), 1, Integer::sum));
        return new GgufExport(out, bytes, types, decodeWeightBytes(tensors));
    }

    private static long decodeWeightBytes(List<GgufTensorEntry> tensors) {
        long bytes = 0;
        boolean hasOutput = false;
        GgufTensorEntry embedding = null;
        for (GgufTensorEntry t : tensors) {
            if (t.name().equals("token_embd.weight")) {
                embedding = t;
            } else if (t.shape().length == 2) {
                bytes += t.byteSize();
                hasOutput |= t.name().equals("output.weight");
            }
        }
        if (embedding != null) {
            bytes += embedding.byteSize() / embedding.shape()[0];
            if (!hasOutput) {
                bytes += embedding.byteSize();
            }
        }
        return bytes;
    }
}
