package dev.tandem.protocol.prefill;

/**
 * A prefill worker's load, published on {@link PrefillChannels#LOAD} every few seconds: what a
 * decode worker's conditional-disaggregation policy reads to tell "the prefill queue is saturated".
 *
 * @param workerId     the worker
 * @param queued       tasks accepted but not yet running (waiting for a batch slot or KV blocks)
 * @param running      tasks in the running batch
 * @param maxInFlight  the most tasks the worker takes at once
 * @param tokensPerSecond prompt tokens computed per second over the last interval
 * @param atEpochMillis when it was measured
 * @param fingerprint  the model/layout fingerprint the worker serves (32 hex digits; null from a worker
 *                     that does not say): a decode worker sends tasks only where it matches its own
 */
public record PrefillLoad(String workerId, int queued, int running, int maxInFlight, double tokensPerSecond, long atEpochMillis,
                          String fingerprint) {

    public PrefillLoad {
        if (workerId == null || workerId.isBlank()) {
            throw new IllegalArgumentException("workerId must be non-empty, got " + workerId);
        }
    }
}
