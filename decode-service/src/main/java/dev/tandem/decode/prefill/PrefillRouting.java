package dev.tandem.decode.prefill;

import dev.tandem.decode.config.PrefillMode;

import java.util.OptionalInt;

/**
 * Decides where one prompt is prefilled. Conditional disaggregation (Dynamo's): remotely when the
 * part of the prompt the local prefix cache does not hold is longer than {@code maxLocalLength}
 * and the prefill workers' queue is below {@code maxQueueSize}; locally otherwise, and locally
 * when no prefill worker has reported its load recently (none may be running).
 */
public record PrefillRouting(PrefillMode mode, int maxLocalLength, int maxQueueSize) {

    /** Where a prompt goes. */
    public enum Route { LOCAL, REMOTE }

    public PrefillRouting {
        if (maxLocalLength < 0) {
            throw new IllegalArgumentException("tandem.decode.prefill.max-local-length must be >= 0, got " + maxLocalLength);
        }
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("tandem.decode.prefill.max-queue-size must be >= 1, got " + maxQueueSize);
        }
    }

    /**
     * @param promptTokens tokens in the prompt
     * @param cachedTokens of them, those the engine's prefix cache holds
     * @param prefillQueue tasks queued at the prefill workers (as their last load reports say); empty when none reported
     */
    public Route route(int promptTokens, int cachedTokens, OptionalInt prefillQueue) {
        return switch (mode) {
            case LOCAL -> Route.LOCAL;
            case ALWAYS_REMOTE -> Route.REMOTE;
            case CONDITIONAL -> promptTokens - cachedTokens > maxLocalLength
                    && prefillQueue.isPresent() && prefillQueue.getAsInt() < maxQueueSize ? Route.REMOTE : Route.LOCAL;
        };
    }
}
