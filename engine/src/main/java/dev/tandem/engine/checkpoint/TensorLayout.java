package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.ModelConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The tensors of a model in Hugging Face naming and layout, derived from its configuration, and the
 * check that a checkpoint holds them with the right shapes.
 */
public final class TensorLayout {

    private TensorLayout() {
    }

    /**
     * Every tensor the configuration calls for, in a fixed order: embeddings; per layer input_layernorm,
     * q/k/v projections (each followed by its bias when the model has attention biases), o_proj, q_norm and
     * k_norm (Qwen3), post_attention_layernorm, gate, up, down; the final norm; lm_head (optional when tied).
     */
    public static List<TensorSpec> of(ModelConfig c) {
        long hidden = c.hiddenSize();
        long queryDim = c.queryDim();
        long kvDim = c.kvDim();
        long inter = c.intermediateSize();
        List<TensorSpec> specs = new ArrayList<>();
        specs.add(spec("model.embed_tokens.weight", c.vocabSize(), hidden));
        for (int layer = 0; layer < c.numLayers(); layer++) {
            String p = "model.layers." + layer + ".";
            specs.add(spec(p + "input_layernorm.weight", hidden));
            projection(specs, c, p + "self_attn.q_proj", queryDim, hidden);
            projection(specs, c, p + "self_attn.k_proj", kvDim, hidden);
            projection(specs, c, p + "self_attn.v_proj", kvDim, hidden);
            specs.add(spec(p + "self_attn.o_proj.weight", hidden, queryDim));
            if (c.architecture().hasQkNorm()) {
                specs.add(spec(p + "self_attn.q_norm.weight", c.headDim()));
                specs.add(spec(p + "self_attn.k_norm.weight", c.headDim()));
            }
            specs.add(spec(p + "post_attention_layernorm.weight", hidden));
            specs.add(spec(p + "mlp.gate_proj.weight", inter, hidden));
            specs.add(spec(p + "mlp.up_proj.weight", inter, hidden));
            specs.add(spec(p + "mlp.down_proj.weight", hidden, inter));
        }
        specs.add(spec("model.norm.weight", hidden));
        specs.add(new TensorSpec("lm_head.weight", new long[]{c.vocabSize(), hidden}, !c.tieWordEmbeddings()));
        return specs;
    }

    /**
     * Checks that every required tensor is present and every present one has its configured shape.
     *
     * @param lookup  the checkpoint's tensor by Hugging Face name, or null when absent
     * @param source  what the errors name (directory or file)
     * @param fileOf  the file holding a tensor, for the error message
     */
    public static void validate(ModelConfig config, Function<String, Tensor> lookup, String source,
                                Function<String, String> fileOf) {
        for (TensorSpec spec : of(config)) {
            Tensor tensor = lookup.apply(spec.name());
            if (tensor == null) {
                if (spec.required()) {
                    throw new CheckpointException("checkpoint %s is missing tensor %s (expected shape %s for %s)"
                            .formatted(source, spec.name(), Arrays.toString(spec.shape()), config.architecture().hfName()));
                }
                continue;
            }
            if (!spec.matches(tensor.shape())) {
                throw new CheckpointException("tensor %s in %s has shape %s, expected %s from the model configuration"
                        .formatted(spec.name(), fileOf.apply(spec.name()), Arrays.toString(tensor.shape()),
                                Arrays.toString(spec.shape())));
            }
        }
    }

    private static void projection(List<TensorSpec> specs, ModelConfig c, String prefix, long out, long in) {
        specs.add(spec(prefix + ".weight", out, in));
        if (c.attentionBias()) {
            specs.add(spec(prefix + ".bias", out));
        }
    }

    private static TensorSpec spec(String name, long... shape) {
        return new TensorSpec(name, shape, true);
    }
}
