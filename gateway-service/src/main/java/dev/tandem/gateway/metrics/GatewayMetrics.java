package dev.tandem.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's serving metrics: requests by endpoint and status, time to first token, inter-token latency,
 * end-to-end latency, prompt and completion tokens, requests in flight.
 */
@ApplicationScoped
public class GatewayMetrics {

    private static final String IN_FLIGHT = "tandem.gateway.requests.in.flight";

    private final MeterRegistry registry;
    private final AtomicInteger inFlight;

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.inFlight = new AtomicInteger();
        // The injected registry is the JVM-wide composite: a gauge left by an earlier application in
        // this JVM (tests restart Quarkus) would keep reading that application's counter, weakly
        // held, so NaN once collected. Replace it, and hold this one's counter strongly.
        registry.find(IN_FLIGHT).meters().forEach(registry::remove);
        Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get).description("Generation requests being served")
                .strongReference(true).register(registry);
    }

    public void requestCompleted(String endpoint, int status) {
        Counter.builder("tandem.gateway.requests").description("HTTP requests by endpoint and status")
                .tag("endpoint", endpoint).tag("status", Integer.toString(status)).register(registry).increment();
    }

    /** Starts timing a generation request; the returned timing must be ended exactly once. */
    public RequestTiming start(String endpoint) {
        inFlight.incrementAndGet();
        return new RequestTiming(this, endpoint, System.nanoTime());
    }

    void firstToken(String endpoint, long nanos) {
        timer("tandem.gateway.time.to.first.token", "Time from request to its first generated token", endpoint).record(Duration.ofNanos(nanos));
    }

    void interToken(String endpoint, long nanos) {
        timer("tandem.gateway.inter.token.latency", "Time between consecutive tokens of a choice", endpoint).record(Duration.ofNanos(nanos));
    }

    void ended(String endpoint, long nanos, int promptTokens, int completionTokens) {
        inFlight.decrementAndGet();
        timer("tandem.gateway.e2e.latency", "Time from request to its last token", endpoint).record(Duration.ofNanos(nanos));
        Counter.builder("tandem.gateway.prompt.tokens").tag("endpoint", endpoint).register(registry).increment(promptTokens);
        Counter.builder("tandem.gateway.completion.tokens").tag("endpoint", endpoint).register(registry).increment(completionTokens);
    }

    private Timer timer(String name, String description, String endpoint) {
        return Timer.builder(name).description(description).tag("endpoint", endpoint).publishPercentileHistogram()
                .register(registry);
    }
}
