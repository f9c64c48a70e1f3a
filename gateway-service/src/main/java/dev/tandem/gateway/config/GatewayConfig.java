package dev.tandem.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the gateway ({@code tandem.gateway.*}). */
@ConfigMapping(prefix = "tandem.gateway")
public interface GatewayConfig {

    /** The model directory: tokenizer.json, tokenizer_config.json (chat template) and config.json (context length). */
    Path modelDir();

    /** Names the model is also served under, besides the model directory path string (e.g. {@code qwen}). */
    Optional<List<String>> modelAliases();

    /**
     * Decode worker addresses ({@code host:port}, comma-separated) for the static Stork discovery of the service
     * named by {@link #workerService()}; application.properties feeds this list into the Stork configuration.
     */
    Optional<List<String>> workers();

    /** The Stork service that lists the decode workers (static list locally, Kubernetes endpoints in a cluster). */
    @WithDefault("decode")
    String workerService();

    /** API keys clients must send as {@code Authorization: Bearer <key>}; none configured means no authentication. */
    Optional<List<String>> apiKeys();

    /** Largest accepted request body; larger ones get 413. */
    @WithDefault("8M")
    MemorySize maxBodySize();

    /** Largest {@code n} (choices per request) accepted, capped at OpenAI's 128. */
    @WithDefault("16")
    int maxN();

    /** How long one request may take end to end before it is abandoned (its decode calls cancelled). */
    @WithDefault("10m")
    Duration requestTimeout();

    Routing routing();

    interface Routing {
        /** round_robin, random, least_load, power_of_two or cache_aware. */
        @WithDefault("cache_aware")
        String policy();

        /** How often workers are re-discovered and their Info/Load polled (unhealthy ones are retried then too). */
        @WithDefault("2s")
        Duration pollInterval();

        /** Deadline of one Info or Load call. */
        @WithDefault("2s")
        Duration probeTimeout();

        /** cache_aware: route by prefix when at least this fraction of the prompt's blocks was recently sent there. */
        @WithDefault("0.5")
        double cacheThreshold();

        /** cache_aware: load is imbalanced (so route to the least loaded) when max - min exceeds this ... */
        @WithDefault("32")
        int balanceAbsThreshold();

        /** ... and max exceeds min times this. */
        @WithDefault("1.5")
        double balanceRelThreshold();

        /** cache_aware: block hashes remembered per worker (least recently routed forgotten first). */
        @WithDefault("65536")
        int cacheCapacityBlocks();

        /** Seed of the random and power_of_two choices; unset draws one. */
        Optional<Long> seed();
    }
}
