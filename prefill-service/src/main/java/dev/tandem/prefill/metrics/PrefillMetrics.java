package dev.tandem.prefill.metrics;

import dev.tandem.prefill.service.TaskOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The worker's Prometheus meters ({@code tandem_prefill_*}). */
@ApplicationScoped
public class PrefillMetrics {

    private final MeterRegistry registry;
    private final Map<TaskOutcome, Counter> outcomes = new EnumMap<>(TaskOutcome.class);
    private final Counter failed;
    private final Counter computedTokens;
    private final Counter reusedTokens;
    private final Counter blocksStored;
    private final Timer taskTime;

    PrefillMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (TaskOutcome outcome : TaskOutcome.values()) {
            outcomes.put(outcome, Counter.builder("tandem_prefill_tasks").tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .description("prefill tasks by how they ended").register(registry));
        }
        failed = Counter.builder("tandem_prefill_tasks").tag("outcome", "failed")
                .description("prefill tasks by how they ended").register(registry);
        computedTokens = Counter.builder("tandem_prefill_prompt_tokens").tag("source", "computed")
                .description("prompt tokens prefilled, by where their KV came from").register(registry);
        reusedTokens = Counter.builder("tandem_prefill_prompt_tokens").tag("source", "kv_store")
                .description("prompt tokens prefilled, by where their KV came from").register(registry);
        blocksStored = Counter.builder("tandem_prefill_blocks_put").description("KV blocks sent to the kv-store").register(registry);
        taskTime = Timer.builder("tandem_prefill_task_seconds").description("time from taking a task to acknowledging it")
                .publishPercentileHistogram().register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void ended(TaskOutcome outcome, Duration took) {
        outcomes.get(outcome).increment();
        taskTime.record(took);
    }

    public void failed(Duration took) {
        failed.increment();
        taskTime.record(took);
    }

    public void tokens(int computed, int reused) {
        computedTokens.increment(computed);
        reusedTokens.increment(reused);
    }

    public void blocksPut(int blocks) {
        blocksStored.increment(blocks);
    }

    /** Prompt tokens computed so far (the rate of this is the worker's prefill throughput). */
    public double computedTokens() {
        return computedTokens.count();
    }
}
