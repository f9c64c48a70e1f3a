package dev.tandem.decode.config;

/** Where a decode worker has its prompts prefilled ({@code tandem.decode.prefill.mode}). */
public enum PrefillMode {
    /** Always here, in the engine's BOTH role; no broker or kv-store is used. */
    LOCAL,
    /** Always on a prefill worker (SGLang's behaviour); here only as a fallback. */
    ALWAYS_REMOTE,
    /** On a prefill worker when the uncached prompt is long and the prefill queue is short (Dynamo's). */
    CONDITIONAL
}
