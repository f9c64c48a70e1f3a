package dev.tandem.engine.model;

/** How a head's dimensions are paired for the rotary embedding. */
public enum RopeLayout {
    /** Hugging Face {@code rotate_half}: dimension i pairs with i + head_dim/2 (also GGUF qwen2/qwen3, "NeoX"). */
    ROTATE_HALF,
    /** Meta/llama2.c and GGUF {@code llama}: dimension 2i pairs with 2i + 1. */
    INTERLEAVED
}
