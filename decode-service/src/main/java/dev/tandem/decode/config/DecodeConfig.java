package dev.tandem.decode.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

    /** This worker's id in prefill tasks, request ids sent to the kv-store, and logs; default: host name and pid. */
    Optional<String> workerId();

    Prefill prefill();

    KvStore kvStore();

    interface Prefill {
        /** Where prompts are prefilled: {@code local}, {@code always-remote} or {@code conditional}. */
        @WithDefault("local")
        PrefillMode mode();

        /** Conditional: prompts whose uncached part is at most this many tokens are prefilled locally (Dynamo's default). */
        @WithDefault("1000")
        int maxLocalLength();

        /** Conditional: remote only while the prefill workers report fewer queued tasks than this, in total. */
        @WithDefault("8")
        int maxQueueSize();

        /** How long a remote prefill may take (its result complete in the kv-store); then the prompt is prefilled here. */
        @WithDefault("30s")
        Duration timeout();
    }

    interface KvStore {
        /** kv-store replicas, comma-separated {@code host:port} (used only when prefill is not local). */
        @WithDefault("127.0.0.1:9091")
        List<String> replicas();

        /** {@code grpc}, or {@code shm} where the store shares the host. */
        @WithDefault("grpc")
        String transport();
    }

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
