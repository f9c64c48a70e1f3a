package dev.tandem.engine.checkpoint;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps llama.cpp's GGUF tensor names onto Hugging Face names, and back. */
public final class GgufTensorNames {

    private static final Map<String, String> GLOBAL = Map.of(
            "token_embd", "model.embed_tokens",
            "output_norm", "model.norm",
            "output", "lm_head");

    private static final Map<String, String> PER_LAYER = Map.ofEntries(
            Map.entry("attn_norm", "input_layernorm"),
            Map.entry("attn_q", "self_attn.q_proj"),
            Map.entry("attn_k", "self_attn.k_proj"),
            Map.entry("attn_v", "self_attn.v_proj"),
            Map.entry("attn_output", "self_attn.o_proj"),
            Map.entry("attn_q_norm", "self_attn.q_norm"),
            Map.entry("attn_k_norm", "self_attn.k_norm"),
            Map.entry("ffn_norm", "post_attention_layernorm"),
            Map.entry("ffn_gate", "mlp.gate_proj"),
            Map.entry("ffn_up", "mlp.up_proj"),
            Map.entry("ffn_down", "mlp.down_proj"));

    private static final Pattern LAYER = Pattern.compile("blk\\.(\\d+)\\.([a-z_]+)\\.(weight|bias)");
    private static final Pattern HF_LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.([a-z_]+(?:\\.[a-z_]+)?)\\.(weight|bias)");
    private static final Pattern HF_TOP = Pattern.compile("(model\\.[a-z_]+|lm_head)\\.(weight|bias)");
    private static final Pattern TOP = Pattern.compile("([a-z_]+)\\.(weight|bias)");

    private GgufTensorNames() {
    }

    /** The Hugging Face name, e.g. {@code blk.3.ffn_up.weight -> model.layers.3.mlp.up_proj.weight}; unknown names unchanged. */
    public static String toHf(String ggufName) {
        Matcher layer = LAYER.matcher(ggufName);
        if (layer.matches()) {
            String part = PER_LAYER.get(layer.group(2));
            return part == null ? ggufName : "model.layers.%s.%s.%s".formatted(layer.group(1), part, layer.group(3));
        }
        Matcher top = TOP.matcher(ggufName);
        if (top.matches()) {
            String part = GLOBAL.get(top.group(1));
            return part == null ? ggufName : part + "." + top.group(2);
        }
        return ggufName;
    }

    /**
     * The GGUF name of a Hugging Face tensor, e.g. {@code model.layers.3.mlp.up_proj.weight -> blk.3.ffn_up.weight};
     * empty when llama.cpp has no name for it.
     */
    public static Optional<String> toGguf(String hfName) {
        Matcher layer = HF_LAYER.matcher(hfName);
        if (layer.matches()) {
            return key(PER_LAYER, layer.group(2)).map(part -> "blk.%s.%s.%s".formatted(layer.group(1), part, layer.group(3)));
        }
        Matcher top = HF_TOP.matcher(hfName);
        if (top.matches()) {
            return key(GLOBAL, top.group(1)).map(part -> part + "." + top.group(2));
        }
        return Optional.empty();
    }

    private static Optional<String> key(Map<String, String> map, String value) {
        return map.entrySet().stream().filter(e -> e.getValue().equals(value)).map(Map.Entry::getKey).findFirst();
    }
}
