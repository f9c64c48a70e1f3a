package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a {@link ModelConfig} from a GGUF file's {@code {arch}.*} and {@code tokenizer.ggml.*} metadata. */
final class GgufConfigReader {

    private final GgufFile file;
    private final Map<String, Object> metadata;

    private GgufConfigReader(GgufFile file) {
        this.file = file;
        this.metadata = file.metadata();
    }

    static ModelConfig read(GgufFile file) {
        return new GgufConfigReader(file).read();
    }

    private ModelConfig read() {
        Architecture architecture = architecture();
        String a = architecture.ggufName() + ".";
        int hidden = requireInt(a + "embedding_length");
        int heads = requireInt(a + "attention.head_count");
        try {
            return new ModelConfig(
                    architecture,
                    vocabSize(a),
                    hidden,
                    requireInt(a + "block_count"),
                    heads,
                    optionalInt(a + "attention.head_count_kv", heads),
                    optionalInt(a + "attention.key_length", heads > 0 ? hidden / heads : 0),
                    requireInt(a + "feed_forward_length"),
                    requireDouble(a + "attention.layer_norm_rms_epsilon"),
                    optionalDouble(a + "rope.freq_base", 10000.0),
                    // llama.cpp's convert script permutes llama Q/K rows back to Meta's interleaved pairs; qwen stays NeoX.
                    architecture == Architecture.LLAMA ? RopeLayout.INTERLEAVED : RopeLayout.ROTATE_HALF,
                    !file.has("output.weight"),
                    file.has("blk.0.attn_q.bias"),
                    requireInt(a + "context_length"),
                    optionalInt("tokenizer.ggml.bos_token_id", -1),
                    eosTokenIds(),
                    torchDtype());
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("invalid model configuration in %s: %s".formatted(file.path(), e.getMessage()), e);
        }
    }

    private Architecture architecture() {
        Object name = metadata.get("general.architecture");
        if (!(name instanceof String arch)) {
            throw new CheckpointException("%s: metadata general.architecture is missing or not a string".formatted(file.path()));
        }
        try {
            return Architecture.fromGgufName(arch);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("%s in %s".formatted(e.getMessage(), file.path()), e);
        }
    }

    private int vocabSize(String prefix) {
        if (metadata.get("tokenizer.ggml.tokens") instanceof List<?> tokens) {
            return tokens.size();
        }
        if (metadata.containsKey(prefix + "vocab_size")) {
            return requireInt(prefix + "vocab_size");
        }
        throw new CheckpointException("%s: neither tokenizer.ggml.tokens nor %svocab_size gives the vocabulary size"
                .formatted(file.path(), prefix));
    }

    /** eos, then llama.cpp's other end-of-generation ids (eot, eom) when the file names them. */
    private List<Integer> eosTokenIds() {
        List<Integer> ids = new ArrayList<>();
        for (String key : List.of("tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id")) {
            int id = optionalInt(key, -1);
            if (id >= 0 && !ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private String torchDtype() {
        if (!file.has("token_embd.weight")) {
            return "unknown";
        }
        return switch (file.tensor("token_embd.weight").dtype()) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case Q8_0 -> "q8_0";
        };
    }

    private int requireInt(String key) {
        Object value = metadata.get(key);
        if (value == null) {
            throw missing(key);
        }
        if (!(value instanceof Long n) || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new CheckpointException("%s: metadata %s must be an integer, got %s".formatted(file.path(), key, value));
        }
        return (int) (long) n;
    }

    private int optionalInt(String key, int fallback) {
        return metadata.containsKey(key) ? requireInt(key) : fallback;
    }

    private double requireDouble(String key) {
        Object value = metadata.get(key);
        if (value == null) {
            throw missing(key);
        }
        if (!(value instanceof Number n)) {
            throw new CheckpointException("%s: metadata %s must be a number, got %s".formatted(file.path(), key, value));
        }
        return n.doubleValue();
    }

    private double optionalDouble(String key, double fallback) {
        return metadata.containsKey(key) ? requireDouble(key) : fallback;
    }

    private CheckpointException missing(String key) {
        return new CheckpointException("%s: required metadata %s is missing".formatted(file.path(), key));
    }
}
