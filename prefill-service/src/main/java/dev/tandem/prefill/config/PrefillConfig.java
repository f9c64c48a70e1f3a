package dev.tandem.prefill.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The prefill worker's settings ({@code tandem.prefill.*}); the AMQP connection is {@code amqp-host} and friends. */
@ConfigMapping(prefix = "tandem.prefill")
public interface PrefillConfig {

    /** The model: a Hugging Face checkpoint directory or a GGUF file. */
    Path model();

    /** Compute threads; 0 uses every available processor. */
    @WithDefault("0")
    int threads();

    /** Tasks this worker holds at once (queued in its engine plus running); more wait in the broker for any worker. */
    @WithDefault("4")
    int maxInFlight();

    /** This worker's id in load reports and logs; default: the host name and the process id. */
    Optional<String> workerId();

    /** How often the worker publishes its load on {@code prefill-load}. */
    @WithDefault("2s")
    Duration loadInterval();

    /** Longest a task may run once started, whatever its deadline says. */
    @WithDefault("5m")
    Duration maxTaskTime();

    Engine engine();

    KvStore kvStore();

    /** The serving engine (must match the decode workers': the fingerprint names the KV layout). */
    interface Engine {

        /** KV cache blocks. */
        @WithDefault("2048")
        int kvBlocks();

        /** Tokens per KV block. */
        @WithDefault("16")
        int blockSize();

        /** KV cache element type: f32 or bf16 (as the decode workers', whose default is bf16). */
        @WithDefault("bf16")
        String kvDtype();

        /** Most prompts in one forward batch. */
        @WithDefault("16")
        int maxNumSeqs();

        /** Prompt tokens per forward pass (the chunk budget of chunked prefill). */
        @WithDefault("512")
        int maxBatchedTokens();
    }

    /** Where the KV goes. */
    interface KvStore {

        /** kv-store replicas as host:port (gRPC). */
        @WithDefault("127.0.0.1:9091")
        List<String> replicas();

        /** grpc, or shm to write through the store's shared-memory pool when on the same host (plain puts only). */
        @WithDefault("grpc")
        String transport();

        /** The time one put or get may take, all attempts together. */
        @WithDefault("30s")
        Duration deadline();

        /** Reuse prompt prefix blocks the kv-store already holds instead of computing them. */
        @WithDefault("true")
        boolean reusePrefix();
    }
}
