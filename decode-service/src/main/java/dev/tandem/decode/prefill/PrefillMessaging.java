package dev.tandem.decode.prefill;

import dev.tandem.protocol.prefill.PrefillCancel;
import dev.tandem.protocol.prefill.PrefillChannels;
import dev.tandem.protocol.prefill.PrefillMessages;
import dev.tandem.protocol.prefill.PrefillTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Publishes prefill tasks ({@code prefill-tasks}, a queue) and cancels ({@code prefill-cancels}, a topic), as JSON. */
@ApplicationScoped
public class PrefillMessaging {

    private static final Logger LOG = Logger.getLogger(PrefillMessaging.class);

    @Inject
    @Channel(PrefillChannels.TASKS)
    Emitter<String> tasks;

    @Inject
    @Channel(PrefillChannels.CANCELS)
    Emitter<String> cancels;

    /** Completes when the broker accepted the task; fails when it did not. */
    public CompletionStage<Void> publish(PrefillTask task) {
        try {
            return tasks.send(PrefillMessages.toJson(task));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Best effort: a task whose cancel is lost still expires at its deadline. */
    public void cancel(String requestId) {
        try {
            cancels.send(PrefillMessages.toJson(new PrefillCancel(requestId))).whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.debugf("cancel of prefill %s not sent: %s", requestId, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("cancel of prefill %s not sent: %s", requestId, e.getMessage());
        }
    }
}
