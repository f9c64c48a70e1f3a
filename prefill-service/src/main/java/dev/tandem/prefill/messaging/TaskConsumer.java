package dev.tandem.prefill.messaging;

import dev.tandem.prefill.config.PrefillConfig;
import dev.tandem.prefill.engine.PrefillEngine;
import dev.tandem.prefill.metrics.PrefillMetrics;
import dev.tandem.prefill.service.PrefillTaskRunner;
import dev.tandem.prefill.service.TaskOutcome;
import dev.tandem.prefill.service.TaskRegistry;
import dev.tandem.protocol.prefill.PrefillChannels;
import dev.tandem.protocol.prefill.PrefillMessages;
import dev.tandem.protocol.prefill.PrefillTask;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Takes tasks from {@code prefill-tasks} (a shared queue: workers compete for them) and cancels
 * from {@code prefill-cancels} (every worker sees every cancel). A task's message is acknowledged
 * only after its KV and entry are in the kv-store (or it was cancelled, expired or refused); a
 * failed task is nacked so that the broker redelivers it, and a worker that dies holding tasks has
 * them redelivered when its connection drops. At most {@code max-in-flight} tasks are held: the
 * next message is taken only when a slot is free.
 */
@ApplicationScoped
public class TaskConsumer {

    private static final Logger LOG = Logger.getLogger(TaskConsumer.class);

    private final PrefillEngine engine;
    private final PrefillTaskRunner runner;
    private final TaskRegistry registry;
    private final PrefillMetrics metrics;
    private final ExecutorService tasks = Executors.newVirtualThreadPerTaskExecutor();

    TaskConsumer(PrefillConfig config, PrefillEngine engine, PrefillTaskRunner runner, TaskRegistry registry, PrefillMetrics metrics) {
        this.engine = engine;
        this.runner = runner;
        this.registry = registry;
        this.metrics = metrics;
        registry.slots(config.maxInFlight());
    }

    /** Completes once the task holds a slot and runs; its message is settled when it ends. */
    @Incoming(PrefillChannels.TASKS)
    public CompletionStage<Void> onTask(Message<String> message) {
        return engine.whenReady().thenCompose(v -> registry.acquireSlot()).thenAccept(v -> tasks.execute(() -> handle(message)));
    }

    @Incoming(PrefillChannels.CANCELS)
    public void onCancel(String json) {
        try {
            registry.cancel(PrefillMessages.cancel(json).requestId());
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring a malformed prefill cancel: %s", e.getMessage());
        }
    }

    private void handle(Message<String> message) {
        long started = System.nanoTime();
        try {
            PrefillTask task;
            try {
                task = PrefillMessages.task(message.getPayload());
            } catch (IllegalArgumentException e) {
                LOG.warnf("refusing a malformed prefill task: %s", e.getMessage());
                metrics.ended(TaskOutcome.REFUSED, Duration.ofNanos(System.nanoTime() - started));
                message.ack();
                return;
            }
            TaskOutcome outcome = runner.run(task);
            metrics.ended(outcome, Duration.ofNanos(System.nanoTime() - started));
            message.ack();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            message.nack(e);
        } catch (RuntimeException e) {
            LOG.warnf("prefill task failed, returned to the queue: %s", e.getMessage());
            metrics.failed(Duration.ofNanos(System.nanoTime() - started));
            message.nack(e);
        } finally {
            registry.releaseSlot();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        tasks.shutdownNow();
    }
}
