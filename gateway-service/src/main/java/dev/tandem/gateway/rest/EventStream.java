package dev.tandem.gateway.rest;

import dev.tandem.gateway.metrics.RequestTiming;
import dev.tandem.gateway.service.ChoiceAccumulator;
import dev.tandem.gateway.service.ChoiceEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.ext.web.RoutingContext;

import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A request's choice events read by a blocking thread. {@link #close} cancels the subscription and with it the
 * decode calls, and wakes a reader waiting for the next event (which then sees the end): called when the response
 * is done or failed, and from the HTTP end handler when the client went away, since writes to a closed connection
 * do not reliably fail.
 */
final class EventStream implements AutoCloseable {

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Cancellable subscription;
    private volatile boolean abandoned;
    private ChoiceEvent peeked;
    private boolean ended;

    EventStream(Multi<ChoiceEvent> events) {
        this.subscription = events.subscribe().with(queue::add, queue::add, () -> queue.add(END));
    }

    /**
     * Starts the generation and waits for its first event; the stream is closed when the client's exchange ends.
     * A failure before the first event ends the request's timing with no completion tokens and is rethrown.
     */
    static EventStream open(Supplier<Multi<ChoiceEvent>> generation, RoutingContext exchange, RequestTiming timing,
                            int promptTokens) {
        try {
            EventStream started = new EventStream(generation.get());
            exchange.addEndHandler(ended -> started.exchangeEnded());
            return started.awaitFirst();
        } catch (RuntimeException e) {
            timing.end(promptTokens, 0);
            throw e;
        }
    }

    /** Reads every event into {@code accumulated}, closes the stream and ends the request's timing. */
    void drainInto(ChoiceAccumulator accumulated, RequestTiming timing, int promptTokens) {
        try (this) {
            while (hasNext()) {
                accumulated.add(next());
            }
        } finally {
            timing.end(promptTokens, accumulated.completionTokens());
        }
    }

    /** Waits for the first event, so that a failure before any output still becomes an HTTP error status. */
    EventStream awaitFirst() {
        hasNext();
        return this;
    }

    /** Waits for the next event; false at the end or once closed. A failed generation throws its failure here. */
    boolean hasNext() {
        if (peeked != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        Object next;
        try {
            next = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            ended = true;
            return false;
        }
        if (next instanceof ChoiceEvent event) {
            peeked = event;
            return true;
        }
        ended = true;
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        if (next instanceof Throwable failure) {
            throw new IllegalStateException(failure);
        }
        return false;
    }

    ChoiceEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChoiceEvent event = peeked;
        peeked = null;
        return event;
    }

    /**
     * Closes the stream when the HTTP exchange ended: a no-op after a complete response, a cancellation when the
     * client went away mid-response; either way nothing more is to be written ({@link #abandoned}).
     */
    void exchangeEnded() {
        abandoned = true;
        close();
    }

    boolean abandoned() {
        return abandoned;
    }

    @Override
    public void close() {
        subscription.cancel();
        queue.add(END);
    }
}
