package dev.tandem.decode.service;

import dev.tandem.engine.serving.EngineStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.ToDoubleFunction;

/** The worker's meters: engine load gauges, generated tokens, and requests by how they ended. */
@ApplicationScoped
public class DecodeMetrics {

    /** How a Generate call ended. */
    public enum Outcome { STOP, LENGTH, CANCELLED, INVALID, REJECTED, UNAVAILABLE, ERROR }

    private final MeterRegistry registry;
    private final Counter generatedTokens;
    private final ConcurrentMap<Outcome, Counter> requests = new ConcurrentHashMap<>();

    public DecodeMetrics(MeterRegistry registry, EngineLifecycle lifecycle) {
        this.registry = registry;
        this.generatedTokens = Counter.builder("tandem.decode.generated.tokens")
                .description("Tokens sampled and streamed").register(registry);
        gauge("tandem.decode.running", "Sequences in the running batch", lifecycle, EngineStats::running);
        gauge("tandem.decode.waiting", "Sequences waiting for the batch", lifecycle, EngineStats::waiting);
        gauge("tandem.decode.kv.blocks.free", "Free KV cache blocks", lifecycle, EngineStats::freeBlocks);
        gauge("tandem.decode.kv.blocks.total", "KV cache blocks", lifecycle, EngineStats::totalBlocks);
    }

    private void gauge(String name, String description, EngineLifecycle lifecycle, ToDoubleFunction<EngineStats> value) {
        Gauge.builder(name, lifecycle, l -> l.ready() ? value.applyAsDouble(l.engine().engine().stats()) : 0)
                .description(description).register(registry);
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
