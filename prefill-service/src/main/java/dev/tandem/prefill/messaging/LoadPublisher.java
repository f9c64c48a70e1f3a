package dev.tandem.prefill.messaging;

import dev.tandem.engine.serving.EngineStats;
import dev.tandem.prefill.config.PrefillConfig;
import dev.tandem.prefill.engine.PrefillEngine;
import dev.tandem.prefill.metrics.PrefillMetrics;
import dev.tandem.prefill.service.TaskRegistry;
import dev.tandem.protocol.prefill.PrefillChannels;
import dev.tandem.protocol.prefill.PrefillLoad;
import dev.tandem.protocol.prefill.PrefillMessages;
import io.micrometer.core.instrument.Gauge;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Outgoing;

import java.lang.management.ManagementFactory;

/**
 * Publishes this worker's load on {@code prefill-load} every {@code load-interval}: tasks queued in
 * its engine and running, its slots, and prompt tokens computed per second. Also as gauges.
 */
@ApplicationScoped
public class LoadPublisher {

    private final PrefillConfig config;
    private final PrefillEngine engine;
    private final TaskRegistry registry;
    private final PrefillMetrics metrics;
    private final String workerId;
    private double lastTokens;
    private long lastNanos = System.nanoTime();

    LoadPublisher(PrefillConfig config, PrefillEngine engine, TaskRegistry registry, PrefillMetrics metrics) {
        this.config = config;
        this.engine = engine;
        this.registry = registry;
        this.metrics = metrics;
        this.workerId = config.workerId().orElseGet(() -> "prefill-" + ManagementFactory.getRuntimeMXBean().getName());
        Gauge.builder("tandem_prefill_tasks_queued", this, p -> p.stats().waiting()).description("tasks waiting in the engine").register(metrics.registry());
        Gauge.builder("tandem_prefill_tasks_running", this, p -> p.stats().running()).description("tasks in the running batch").register(metrics.registry());
        Gauge.builder("tandem_prefill_kv_blocks_free", this, p -> p.stats().freeBlocks()).description("free KV cache blocks")
                .register(metrics.registry());
        Gauge.builder("tandem_prefill_tasks_in_flight", this, p -> p.registry.inFlight(config.maxInFlight()))
                .description("tasks this worker holds").register(metrics.registry());
    }

    @Outgoing(PrefillChannels.LOAD)
    public Multi<String> load() {
        return Multi.createFrom().ticks().every(config.loadInterval())
                .onOverflow().drop()
                .filter(tick -> engine.ready())
                .map(tick -> PrefillMessages.toJson(current()));
    }

    synchronized PrefillLoad current() {
        long now = System.nanoTime();
        double tokens = metrics.computedTokens();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        double rate = (tokens - lastTokens) / seconds;
        lastTokens = tokens;
        lastNanos = now;
        EngineStats stats = stats();
        return new PrefillLoad(workerId, stats.waiting(), stats.running(), config.maxInFlight(), rate, System.currentTimeMillis(),
                engine.ready() ? engine.fingerprint().toHex() : null);
    }

    private EngineStats stats() {
        return engine.ready() ? engine.engine().stats() : new EngineStats(0, 0, 0, 0, 0, 0);
    }
}
