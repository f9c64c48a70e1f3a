package dev.tandem.prefill.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The worker's tasks: the in-flight slots that bound how many it holds, the tasks running now (so
 * that a cancel can abort one), and recently cancelled request ids (a cancel may overtake its task).
 */
@ApplicationScoped
public class TaskRegistry {

    private static final int REMEMBERED_CANCELS = 10_000;

    private final Map<String, Consumer<String>> running = new ConcurrentHashMap<>();
    private final Set<String> cancelled = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_CANCELS;
        }
    }));
    private final Deque<CompletableFuture<Void>> waitingForSlot = new ArrayDeque<>();
    private int freeSlots = -1;

    /** Sets the number of slots (once, at startup). */
    public synchronized void slots(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("tandem.prefill.max-in-flight must be >= 1, got " + count);
        }
        if (freeSlots < 0) {
            freeSlots = count;
        }
    }

    /** Completes when a slot is free and taken. */
    public synchronized CompletionStage<Void> acquireSlot() {
        if (freeSlots > 0) {
            freeSlots--;
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> slot = new CompletableFuture<>();
        waitingForSlot.add(slot);
        return slot;
    }

    public void releaseSlot() {
        CompletableFuture<Void> next;
        synchronized (this) {
            next = waitingForSlot.poll();
            if (next == null) {
                freeSlots++;
                return;
            }
        }
        next.complete(null);
    }

    public synchronized int inFlight(int maxInFlight) {
        return maxInFlight - Math.max(freeSlots, 0);
    }

    /** Tracks a running task; {@code onCancel} aborts it. Returns false when it was cancelled already. */
    public boolean start(String requestId, Consumer<String> onCancel) {
        running.put(requestId, onCancel);
        if (cancelled.contains(requestId)) {
            running.remove(requestId);
            return false;
        }
        return true;
    }

    public void finish(String requestId) {
        running.remove(requestId);
    }

    public boolean isCancelled(String requestId) {
        return cancelled.contains(requestId);
    }

    /** Cancels a task, running or yet to arrive. */
    public void cancel(String requestId) {
        cancelled.add(requestId);
        Consumer<String> abort = running.get(requestId);
        if (abort != null) {
            abort.accept(requestId);
        }
    }
}
