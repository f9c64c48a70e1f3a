package dev.tandem.decode.service;

import dev.tandem.engine.serving.EngineStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** The worker's meters: engine load gauges, generated tokens, requests by how they ended, and where prompts were prefilled. */
@Startup // the gauges exist from the start, not from the first request
@ApplicationScoped
public class DecodeMetrics {

    /** How a Generate call ended. */
    public enum Outcome { STOP, LENGTH, CANCELLED, INVALID, REJECTED, UNAVAILABLE, ERROR }

    private final MeterRegistry registry;
    private final Counter generatedTokens;
    private final ConcurrentMap<Outcome, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Counter localPrefills;
    private final Counter remotePrefills;
    private final Timer remoteWaitDone;
    private final Timer remoteWaitFailed;

    public DecodeMetrics(MeterRegistry registry, EngineLifecycle lifecycle) {
        this.registry = registry;
        this.generatedTokens = Counter.builder("tandem.decode.generated.tokens")
                .description("Tokens sampled and streamed").register(registry);
        this.localPrefills = prefills(registry, "local");
        this.remotePrefills = prefills(registry, "remote");
        this.remoteWaitDone = remoteWait(registry, "remote");
        this.remoteWaitFailed = remoteWait(registry, "fallback");
        gauge("tandem.decode.running", "Sequences in the running batch", lifecycle, EngineStats::running);
        gauge("tandem.decode.waiting", "Sequences waiting for the batch", lifecycle, EngineStats::waiting);
        gauge("tandem.decode.kv.blocks.free", "Free KV cache blocks", lifecycle, EngineStats::freeBlocks);
        gauge("tandem.decode.kv.blocks.total", "KV cache blocks", lifecycle, EngineStats::totalBlocks);
    }

    private void gauge(String name, String description, EngineLifecycle lifecycle, ToDoubleFunction<EngineStats> value) {
        Gauge.builder(name, lifecycle, l -> l.ready() ? value.applyAsDouble(l.engine().engine().stats()) : 0)
                .description(description).register(registry);
    }

    private static Counter prefills(MeterRegistry registry, String where) {
        return Counter.builder("tandem.decode.prefills").description("Prompts prefilled, by where (fallbacks count as local)")
                .tag("where", where).register(registry);
    }

    private static Timer remoteWait(MeterRegistry registry, String outcome) {
        return Timer.builder("tandem.decode.prefill.remote.wait")
                .description("From publishing a prefill task to its result complete here (remote) or given up (fallback)")
                .tag("outcome", outcome).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2)).register(registry);
    }

    /** A prompt prefilled here ({@code remote} false) or by a prefill worker. */
    public void prefill(boolean remote) {
        (remote ? remotePrefills : localPrefills).increment();
    }

    /** A remote prefill given up for a local one, and why ({@code timeout}, {@code broker}, {@code kv_store}, {@code corrupt}, {@code fingerprint}). */
    public void prefillFallback(String reason) {
        fallbacks.computeIfAbsent(reason, r -> Counter.builder("tandem.decode.prefill.fallbacks")
                .description("Remote prefills given up for a local one, by reason").tag("reason", r).register(registry)).increment();
    }

    /** How long a remote prefill was waited for, and whether its result was used. */
    public void remoteWait(long nanos, boolean used) {
        (used ? remoteWaitDone : remoteWaitFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void tokenGenerated() {
        generatedTokens.increment();
    }

    public void requestEnded(Outcome outcome) {
        requests.computeIfAbsent(outcome, o -> Counter.builder("tandem.decode.requests")
                .description("Generate calls by outcome").tag("outcome", o.name().toLowerCase(Locale.ROOT))
                .register(registry)).increment();
    }
}
