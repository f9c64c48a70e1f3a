package dev.tandem.decode.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

/** Configuration of the decode worker ({@code tandem.decode.*}). */
@ConfigMapping(prefix = "tandem.decode")
public interface DecodeConfig {

    /** The model to serve: a Hugging Face checkpoint directory or a .gguf file. */
    Path model();

    /** Cores the forward pass runs on; default: all available processors. */
    OptionalInt threads();

    /** Load-time weight quantization: {@code none} or {@code q8_0}. */
    @WithDefault("none")
    String quantization();

    Kv kv();

    Scheduling scheduling();

    /** How long a shutdown waits for running streams to finish before aborting them. */
    @WithDefault("10s")
    Duration shutdownGrace();

    interface Kv {
        /** Blocks in the paged KV cache (memory: blocks x block-size x layers x 2 x kv-heads x head-dim x dtype bytes). */
        @WithDefault("1024")
        int blocks();

        /** Tokens per KV block. */
        @WithDefault("16")
        int blockSize();

        /** KV cache element type: {@code f32} or {@code bf16}. */
        @WithDefault("bf16")
        String dtype();
    }

    interface Scheduling {
        /** Most sequences in the running batch (vLLM's max_num_seqs). */
        @WithDefault("64")
        int maxRunning();

        /** Most requests waiting for a place in the batch; beyond it Generate answers RESOURCE_EXHAUSTED. */
        @WithDefault("256")
        int maxWaiting();

        /** Token budget of one engine step, prompt chunks and decode tokens together. */
        @WithDefault("512")
        int maxBatchedTokens();
    }
}
