package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Hugging Face {@code config.json} (and {@code generation_config.json} beside it, when present)
 * into a {@link ModelConfig}, for the architectures in {@link Architecture}.
 */
public final class ModelConfigReader {

    public static final String CONFIG_FILE = "config.json";
    public static final String GENERATION_CONFIG_FILE = "generation_config.json";

    private ModelConfigReader() {
    }

    /** Reads {@code dir/config.json} and, when it exists, {@code dir/generation_config.json}. */
    public static ModelConfig read(Path dir) {
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException("no %s in %s: not a Hugging Face checkpoint directory".formatted(CONFIG_FILE, dir));
        }
        JsonFields config = JsonFields.readFile(configFile);
        Path generationFile = dir.resolve(GENERATION_CONFIG_FILE);
        Optional<JsonFields> generation = Files.isRegularFile(generationFile)
                ? Optional.of(JsonFields.readFile(generationFile)) : Optional.empty();
        return parse(config, generation);
    }

    /** Parses already-read JSON; {@code source} names the config in error messages. */
    public static ModelConfig parse(JsonNode config, Optional<JsonNode> generationConfig, String source) {
        return parse(new JsonFields(config, source),
                generationConfig.map(node -> new JsonFields(node, GENERATION_CONFIG_FILE + " beside " + source)));
    }

    private static ModelConfig parse(JsonFields config, Optional<JsonFields> generation) {
        Architecture architecture = architecture(config);
        rejectRopeScaling(config, "rope_scaling");
        int hiddenSize = config.requireInt("hidden_size");
        int numHeads = config.requireInt("num_attention_heads");
        int numKvHeads = config.optionalInt("num_key_value_heads").orElse(numHeads);
        int headDim = config.optionalInt("head_dim").orElse(numHeads > 0 ? hiddenSize / numHeads : 0);
        if (architecture == Architecture.LLAMA && config.optionalBoolean("mlp_bias", false)) {
            throw new CheckpointException("mlp_bias true in %s is not supported".formatted(config.source()));
        }
        try {
            return new ModelConfig(
                    architecture,
                    config.requireInt("vocab_size"),
                    hiddenSize,
                    config.requireInt("num_hidden_layers"),
                    numHeads,
                    numKvHeads,
                    headDim,
                    config.requireInt("intermediate_size"),
                    config.requireDouble("rms_norm_eps"),
                    ropeTheta(config),
                    RopeLayout.ROTATE_HALF,
                    config.optionalBoolean("tie_word_embeddings", false),
                    attentionBias(architecture, config),
                    config.requireInt("max_position_embeddings"),
                    bosTokenId(config, generation),
                    eosTokenIds(config, generation),
                    torchDtype(config));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("invalid model configuration in %s: %s".formatted(config.source(), e.getMessage()), e);
        }
    }

    private static Architecture architecture(JsonFields config) {
        JsonNode architectures = config.get("architectures");
        if (architectures == null) {
            throw config.missing("architectures");
        }
        if (!architectures.isArray() || architectures.isEmpty() || !architectures.get(0).isTextual()) {
            throw config.wrongType("architectures", "a non-empty list of names", architectures);
        }
        String name = architectures.get(0).textValue();
        try {
            return Architecture.fromHfName(name);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("%s in %s".formatted(e.getMessage(), config.source()), e);
        }
    }

    /** Qwen2 always has q/k/v biases (transformers hard-codes them); the others follow attention_bias. */
    private static boolean attentionBias(Architecture architecture, JsonFields config) {
        return architecture == Architecture.QWEN2 || config.optionalBoolean("attention_bias", false);
    }

    /** rope_theta, or (newer transformers) rope_parameters.rope_theta; 10000 when neither is given. */
    private static double ropeTheta(JsonFields config) {
        if (config.has("rope_theta")) {
            return config.requireDouble("rope_theta");
        }
        if (config.has("rope_parameters")) {
            rejectRopeScaling(config, "rope_parameters");
            JsonFields parameters = config.requireObject("rope_parameters");
            return parameters.optionalDouble("rope_theta").orElse(10000.0);
        }
        return 10000.0;
    }

    /** Plain RoPE only: anything but null or a "default" type changes the frequencies and is refused. */
    private static void rejectRopeScaling(JsonFields config, String field) {
        JsonNode scaling = config.get(field);
        if (scaling == null) {
            return;
        }
        if (scaling.isObject()) {
            JsonNode type = scaling.has("rope_type") ? scaling.get("rope_type") : scaling.get("type");
            if (type != null && "default".equals(type.asText())) {
                return;
            }
        }
        throw new CheckpointException("%s %s in %s is not supported (only plain RoPE is)"
                .formatted(field, scaling, config.source()));
    }

    private static int bosTokenId(JsonFields config, Optional<JsonFields> generation) {
        if (config.has("bos_token_id")) {
            return config.requireInt("bos_token_id");
        }
        return generation.flatMap(g -> g.has("bos_token_id") ? Optional.of(g.requireInt("bos_token_id")) : Optional.empty())
                .orElse(-1);
    }

    /** config's eos ids then generation_config's, in order, without repeats. */
    private static List<Integer> eosTokenIds(JsonFields config, Optional<JsonFields> generation) {
        Set<Integer> ids = new LinkedHashSet<>();
        addEos(config, ids);
        generation.ifPresent(g -> addEos(g, ids));
        return new ArrayList<>(ids);
    }

    private static void addEos(JsonFields fields, Set<Integer> ids) {
        JsonNode value = fields.get("eos_token_id");
        if (value == null) {
            return;
        }
        if (value.isArray()) {
            for (JsonNode id : value) {
                if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                    throw fields.wrongType("eos_token_id", "an integer or a list of integers", value);
                }
                ids.add(id.intValue());
            }
        } else {
            ids.add(fields.requireInt("eos_token_id"));
        }
    }

    /** torch_dtype, or "dtype" as newer transformers write it; "unknown" when neither is given. */
    private static String torchDtype(JsonFields config) {
        return config.optionalString("torch_dtype", config.optionalString("dtype", "unknown"));
    }
}
