package dev.tandem.decode.service;

import dev.tandem.decode.config.DecodeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Counts the requests the worker holds (running or waiting in the engine) and refuses new ones
 * once the running batch and the waiting queue are both full, or once the worker is stopping.
 */
@ApplicationScoped
public class Admission {

    private final int capacity;
    private final int maxWaiting;
    private int inFlight;
    private boolean closed;

    @Inject
    public Admission(DecodeConfig config) {
        this(config.scheduling().maxRunning(), config.scheduling().maxWaiting());
    }

    Admission(int maxRunning, int maxWaiting) {
        this.maxWaiting = maxWaiting;
        this.capacity = maxRunning + maxWaiting;
    }

    /** Takes a place, or throws when there is none. */
    public synchronized void enter() {
        if (closed) {
            throw new WorkerUnavailableException("the decode worker is stopping");
        }
        if (inFlight >= capacity) {
            throw new QueueFullException("the waiting queue is full (%d requests waiting); retry on another worker".formatted(maxWaiting));
        }
        inFlight++;
    }

    /** Gives a place back (the request finished, failed or was never started). */
    public synchronized void leave() {
        inFlight--;
        notifyAll();
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** Refuses every later {@link #enter}. */
    public synchronized void close() {
        closed = true;
    }

    /** Waits until no request is held, at most {@code timeout}; returns whether none is. */
    public synchronized boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return inFlight == 0;
        }
    }
}
