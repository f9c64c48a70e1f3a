package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@link ModelConfig} as Hugging Face {@code config.json} and {@code generation_config.json}, keys
 * sorted as transformers writes them; {@link ModelConfigReader} reads them back to the same configuration.
 */
public final class ModelConfigWriter {

    private ModelConfigWriter() {
    }

    /** Writes both files into {@code dir}. */
    public static void write(Path dir, ModelConfig config) throws IOException {
        Files.createDirectories(dir);
        writeJson(dir.resolve(ModelConfigReader.CONFIG_FILE), configJson(config));
        writeJson(dir.resolve(ModelConfigReader.GENERATION_CONFIG_FILE), generationConfigJson(config));
    }

    /** {@code config.json}: its eos_token_id is the first eos id; the full list goes to the generation config. */
    public static ObjectNode configJson(ModelConfig c) {
        if (c.ropeLayout() != RopeLayout.ROTATE_HALF) {
            throw new IllegalArgumentException("Hugging Face checkpoints use rotate_half RoPE; cannot write " + c.ropeLayout());
        }
        Map<String, Object> json = new TreeMap<>();
        json.put("architectures", new String[]{c.architecture().hfName()});
        json.put("model_type", c.architecture().ggufName());
        json.put("attention_dropout", 0.0);
        json.put("bos_token_id", c.bosTokenId() >= 0 ? c.bosTokenId() : null);
        json.put("eos_token_id", c.eosTokenIds().isEmpty() ? null : c.eosTokenIds().getFirst());
        json.put("head_dim", c.headDim());
        json.put("hidden_act", "silu");
        json.put("hidden_size", c.hiddenSize());
        json.put("initializer_range", 0.02);
        json.put("intermediate_size", c.intermediateSize());
        json.put("max_position_embeddings", c.maxPositionEmbeddings());
        json.put("num_attention_heads", c.numHeads());
        json.put("num_hidden_layers", c.numLayers());
        json.put("num_key_value_heads", c.numKvHeads());
        json.put("rms_norm_eps", c.rmsNormEps());
        json.put("rope_scaling", null);
        json.put("rope_theta", c.ropeTheta());
        json.put("tie_word_embeddings", c.tieWordEmbeddings());
        json.put("torch_dtype", c.torchDtype());
        json.put("use_cache", true);
        json.put("vocab_size", c.vocabSize());
        if (c.architecture() == Architecture.LLAMA) {
            json.put("attention_bias", c.attentionBias());
            json.put("mlp_bias", false);
            json.put("pretraining_tp", 1);
        } else {
            if (c.architecture() == Architecture.QWEN3) {
                json.put("attention_bias", c.attentionBias());
            } else if (!c.attentionBias()) {
                throw new IllegalArgumentException("Qwen2 always has attention biases; cannot write attention_bias false");
            }
            json.put("max_window_layers", c.numLayers());
            json.put("sliding_window", null);
            json.put("use_sliding_window", false);
        }
        return JsonFields.MAPPER.valueToTree(json);
    }

    /** {@code generation_config.json}: bos and every eos id. */
    public static ObjectNode generationConfigJson(ModelConfig c) {
        Map<String, Object> json = new TreeMap<>();
        if (c.bosTokenId() >= 0) {
            json.put("bos_token_id", c.bosTokenId());
        }
        json.put("eos_token_id", c.eosTokenIds());
        return JsonFields.MAPPER.valueToTree(json);
    }

    private static void writeJson(Path file, ObjectNode json) throws IOException {
        Files.writeString(file, JsonFields.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
}
