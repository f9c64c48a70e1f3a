package dev.tandem.gateway.metrics;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The clock of one request: first token, gaps between tokens, and its end. Thread-safe. */
public final class RequestTiming {

    private final GatewayMetrics metrics;
    private final String endpoint;
    private final long start;
    private final AtomicLong firstToken = new AtomicLong(-1);
    private final AtomicBoolean ended = new AtomicBoolean();

    RequestTiming(GatewayMetrics metrics, String endpoint, long start) {
        this.metrics = metrics;
        this.endpoint = endpoint;
        this.start = start;
    }

    /** A choice received {@code count} tokens at {@code now}, its previous ones at {@code previous} (-1: none). */
    public void tokens(int count, long previous, long now) {
        if (firstToken.compareAndSet(-1, now)) {
            metrics.firstToken(endpoint, now - start);
        }
        if (previous >= 0 && count > 0) {
            long gap = (now - previous) / count;
            for (int i = 0; i < count; i++) {
                metrics.interToken(endpoint, gap);
            }
        }
    }

    /** The request is over (completed, failed or cancelled); later calls are ignored. */
    public void end(int promptTokens, int completionTokens) {
        if (ended.compareAndSet(false, true)) {
            metrics.ended(endpoint, System.nanoTime() - start, promptTokens, completionTokens);
        }
    }
}
