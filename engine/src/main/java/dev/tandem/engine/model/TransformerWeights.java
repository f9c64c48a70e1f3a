package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.Checkpoint;
import dev.tandem.engine.checkpoint.CheckpointException;
import dev.tandem.engine.checkpoint.Tensor;
import dev.tandem.engine.kernel.ScalarKernels;
import dev.tandem.engine.kernel.WeightMatrix;

import java.util.ArrayList;
import java.util.List;

/** All weights of a decoder-only transformer, viewed in place in their checkpoint. */
public record TransformerWeights(WeightMatrix embedding, List<LayerWeights> layers, float[] finalNorm, WeightMatrix lmHead) {

    public TransformerWeights {
        layers = List.copyOf(layers);
    }

    /** Binds the checkpoint's tensors by their Hugging Face names; tied models reuse the embedding as lm_head. */
    public static TransformerWeights bind(Checkpoint checkpoint) {
        ModelConfig config = checkpoint.config();
        List<LayerWeights> layers = new ArrayList<>(config.numLayers());
        for (int i = 0; i < config.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            boolean bias = config.attentionBias();
            boolean qkNorm = config.architecture().hasQkNorm();
            layers.add(new LayerWeights(
                    vector(checkpoint, p + "input_layernorm.weight", config.hiddenSize()),
                    matrix(checkpoint, p + "self_attn.q_proj.weight"),
                    matrix(checkpoint, p + "self_attn.k_proj.weight"),
                    matrix(checkpoint, p + "self_attn.v_proj.weight"),
                    matrix(checkpoint, p + "self_attn.o_proj.weight"),
                    bias ? vector(checkpoint, p + "self_attn.q_proj.bias", config.queryDim()) : null,
                    bias ? vector(checkpoint, p + "self_attn.k_proj.bias", config.kvDim()) : null,
                    bias ? vector(checkpoint, p + "self_attn.v_proj.bias", config.kvDim()) : null,
                    qkNorm ? vector(checkpoint, p + "self_attn.q_norm.weight", config.headDim()) : null,
                    qkNorm ? vector(checkpoint, p + "self_attn.k_norm.weight", config.headDim()) : null,
                    vector(checkpoint, p + "post_attention_layernorm.weight", config.hiddenSize()),
                    matrix(checkpoint, p + "mlp.gate_proj.weight"),
                    matrix(checkpoint, p + "mlp.up_proj.weight"),
                    matrix(checkpoint, p + "mlp.down_proj.weight")));
        }
        WeightMatrix embedding = matrix(checkpoint, "model.embed_tokens.weight");
        WeightMatrix lmHead = checkpoint.has("lm_head.weight") && !config.tieWordEmbeddings()
                ? matrix(checkpoint, "lm_head.weight")
                : embedding;
        return new TransformerWeights(embedding, layers, vector(checkpoint, "model.norm.weight", config.hiddenSize()), lmHead);
    }

    /** Bytes of weights one forward step reads (every matrix once; the embedding only a row). */
    public long bytesPerStep() {
        long bytes = lmHead.byteSize();
        for (LayerWeights l : layers) {
            bytes += l.query().byteSize() + l.key().byteSize() + l.value().byteSize() + l.output().byteSize()
                    + l.gate().byteSize() + l.up().byteSize() + l.down().byteSize();
        }
        return bytes;
    }

    private static WeightMatrix matrix(Checkpoint checkpoint, String name) {
        return WeightMatrix.of(checkpoint.tensor(name));
    }

    private static float[] vector(Checkpoint checkpoint, String name, int length) {
        Tensor tensor = checkpoint.tensor(name);
        if (tensor.rank() != 1 || tensor.dim(0) != length) {
            throw new CheckpointException("tensor %s: expected shape [%d], got %s".formatted(name, length, tensor));
        }
        float[] values = new float[length];
        new ScalarKernels().readRow(new WeightMatrix(name, tensor.dtype(), 1, length, tensor.data()), 0, values, 0);
        return values;
    }
}
