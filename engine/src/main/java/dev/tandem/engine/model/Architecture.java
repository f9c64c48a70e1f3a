package dev.tandem.engine.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The model families the engine runs, by their Hugging Face {@code architectures} name. */
public enum Architecture {
    QWEN3("Qwen3ForCausalLM", "qwen3"),
    QWEN2("Qwen2ForCausalLM", "qwen2"),
    LLAMA("LlamaForCausalLM", "llama");

    private final String hfName;
    private final String ggufName;

    Architecture(String hfName, String ggufName) {
        this.hfName = hfName;
        this.ggufName = ggufName;
    }

    public String hfName() {
        return hfName;
    }

    public String ggufName() {
        return ggufName;
    }

    /** Qwen3 normalizes each query and key head (q_norm, k_norm) before RoPE. */
    public boolean hasQkNorm() {
        return this == QWEN3;
    }

    public static Architecture fromHfName(String name) {
        for (Architecture a : values()) {
            if (a.hfName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported architecture '%s'; supported: %s".formatted(name, supported(Architecture::hfName)));
    }

    public static Architecture fromGgufName(String name) {
        for (Architecture a : values()) {
            if (a.ggufName.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unsupported GGUF architecture '%s'; supported: %s".formatted(name, supported(Architecture::ggufName)));
    }

    private static String supported(java.util.function.Function<Architecture, String> name) {
        return Arrays.stream(values()).map(name).collect(Collectors.joining(", "));
    }
}
