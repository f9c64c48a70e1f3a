package dev.tandem.prefill.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaskRegistryTest {

    @Test
    void slotsBoundTheTasksHeldAndAreHandedOnInOrder() {
        TaskRegistry registry = new TaskRegistry();
        registry.slots(2);
        assertTrue(registry.acquireSlot().toCompletableFuture().isDone());
        assertTrue(registry.acquireSlot().toCompletableFuture().isDone());
        CompletableFuture<Void> third = registry.acquireSlot().toCompletableFuture();
        CompletableFuture<Void> fourth = registry.acquireSlot().toCompletableFuture();
        assertFalse(third.isDone());
        assertEquals(2, registry.inFlight(2));
        registry.releaseSlot();
        assertTrue(third.isDone());
        assertFalse(fourth.isDone());
        registry.releaseSlot();
        registry.releaseSlot();
        assertTrue(fourth.isDone());
        registry.releaseSlot();
        assertEquals(0, registry.inFlight(2));
        assertThrows(IllegalArgumentException.class, () -> new TaskRegistry().slots(0));
    }

    @Test
    void aCancelAbortsARunningTaskAndStopsOneThatArrivesLater() {
        TaskRegistry registry = new TaskRegistry();
        List<String> aborted = new ArrayList<>();
        assertTrue(registry.start("running", aborted::add));
        registry.cancel("running");
        assertEquals(List.of("running"), aborted);
        registry.finish("running");

        registry.cancel("later");
        assertTrue(registry.isCancelled("later"));
        assertFalse(registry.start("later", aborted::add));
        assertEquals(List.of("running"), aborted);
        assertFalse(registry.isCancelled("other"));
    }
}
