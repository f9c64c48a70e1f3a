package dev.tandem.decode.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionTest {

    private final Admission admission = new Admission(2, 3);

    @Test
    void refusesOnceTheBatchAndTheQueueAreFull() {
        for (int i = 0; i < 5; i++) {
            admission.enter();
        }
        var full = assertThrows(QueueFullException.class, admission::enter);
        assertEquals("the waiting queue is full (3 requests waiting); retry on another worker", full.getMessage());
        admission.leave();
        admission.enter();
        assertEquals(5, admission.inFlight());
    }

    @Test
    void refusesEverythingOnceClosedAndWaitsForTheRestToLeave() throws Exception {
        admission.enter();
        admission.close();
        assertThrows(WorkerUnavailableException.class, admission::enter);
        assertFalse(admission.awaitIdle(Duration.ofMillis(1)));
        Thread leaver = Thread.ofVirtual().start(admission::leave);
        assertTrue(admission.awaitIdle(Duration.ofSeconds(30)));
        leaver.join();
        assertEquals(0, admission.inFlight());
    }
}
