package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The tensors of a checkpoint as llama.cpp's converter writes them: in {@link TensorLayout} order under GGUF names,
 * 1-D tensors (norms, biases) in F32, 2-D weights in the requested type (Q8_0 rows that do not fill whole
 * blocks fall back to F16, as {@code convert_hf_to_gguf.py} does), no {@code output.weight} when the embeddings
 * are tied, and for {@code llama} the q/k rows (and biases) permuted from Hugging Face's rotate_half layout
 * into Meta's interleaved pairs ({@code LlamaModel.permute}); qwen2/qwen3 keep the NeoX layout unpermuted.
 */
final class GgufTensorPlan {

    private GgufTensorPlan() {
    }

    static List<GgufTensorEntry> of(Checkpoint checkpoint, DType weightType) {
        ModelConfig config = checkpoint.config();
        boolean permute = needsQkPermutation(config);
        List<GgufTensorEntry> entries = new ArrayList<>();
        for (TensorSpec spec : TensorLayout.of(config)) {
            if (!checkpoint.has(spec.name()) || (spec.name().equals("lm_head.weight") && config.tieWordEmbeddings())) {
                continue;
            }
            Tensor tensor = checkpoint.tensor(spec.name());
            String ggufName = GgufTensorNames.toGguf(spec.name()).orElseThrow(() -> new CheckpointException(
                    "tensor %s has no GGUF name".formatted(spec.name())));
            DType type = tensor.rank() == 1 ? DType.F32 : storedType(tensor, weightType);
            long[] shape = tensor.shape();
            int cols = (int) shape[shape.length - 1];
            int rows = (int) (tensor.elementCount() / cols);
            IntUnaryOperator sourceRows = IntUnaryOperator.identity();
            int heads = !permute ? 0 : spec.name().contains(".self_attn.q_proj.") ? config.numHeads()
                    : spec.name().contains(".self_attn.k_proj.") ? config.numKvHeads() : 0;
            if (heads > 0) {
                if (tensor.rank() == 1) { // a bias: permute its elements, one per output row
                    rows = cols;
                    cols = 1;
                }
                sourceRows = QkPermutation.sourceRows(rows, heads);
            }
            entries.add(new GgufTensorEntry(ggufName, type, shape, RowConversion.of(tensor, rows, cols, type, sourceRows)));
        }
        return entries;
    }

    /** The type of a 2-D weight: the requested one, or F16 when its rows do not fill whole blocks. */
    static DType storedType(Tensor tensor, DType requested) {
        return tensor.dim(tensor.rank() - 1) % requested.blockSize() == 0 ? requested : DType.F16;
    }

    /** GGUF llama expects interleaved q/k rows; a Hugging Face checkpoint has rotate_half rows. */
    private static boolean needsQkPermutation(ModelConfig config) {
        if (config.architecture() == Architecture.LLAMA) {
            return config.ropeLayout() == RopeLayout.ROTATE_HALF;
        }
        if (config.ropeLayout() != RopeLayout.ROTATE_HALF) {
            throw new CheckpointException("GGUF %s uses the rotate_half (NeoX) RoPE layout; a checkpoint with %s q/k rows cannot be written as it"
                    .formatted(config.architecture().ggufName(), config.ropeLayout()));
        }
        return false;
    }
}
