package dev.tandem.gateway.rest;

import dev.tandem.gateway.service.ChoiceEvent;
import io.smallrye.mutiny.Multi;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A request's choice events read by a blocking thread. {@link #close} cancels the subscription and with it the
 * decode calls: called when the response is done, failed, or the client went away.
 */
final class EventStream implements AutoCloseable {

    private final Stream<ChoiceEvent> stream;
    private final Iterator<ChoiceEvent> events;
    private ChoiceEvent peeked;

    EventStream(Multi<ChoiceEvent> events) {
        this.stream = events.subscribe().asStream();
        this.events = stream.iterator();
    }

    /** Waits for the first event, so that a failure before any output still becomes an HTTP error status. */
    EventStream awaitFirst() {
        if (peeked == null && events.hasNext()) {
            peeked = events.next();
        }
        return this;
    }

    boolean hasNext() {
        return peeked != null || events.hasNext();
    }

    ChoiceEvent next() {
        if (peeked != null) {
            ChoiceEvent first = peeked;
            peeked = null;
            return first;
        }
        return events.next();
    }

    @Override
    public void close() {
        stream.close();
    }
}
