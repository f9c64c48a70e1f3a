package dev.tandem.engine.serving;

/** A snapshot of the engine's load, for routing and metrics. */
public record EngineStats(int running, int waiting, int freeBlocks, int totalBlocks, long preemptions, long prefixCacheHitTokens) {
}
