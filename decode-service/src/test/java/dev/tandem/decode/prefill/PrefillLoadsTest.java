package dev.tandem.decode.prefill;

import dev.tandem.protocol.kv.Hash128;
import dev.tandem.protocol.prefill.PrefillLoad;
import dev.tandem.protocol.prefill.PrefillMessages;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefillLoadsTest {

    private static final Hash128 OURS = Hash128.ofHex("00112233445566778899aabbccddeeff");
    private static final Hash128 OTHER = Hash128.ofHex("ffeeddccbbaa99887766554433221100");
    private static final long SECOND = 1_000_000_000L;

    private static PrefillLoad load(String worker, int queued, Hash128 fingerprint) {
        return new PrefillLoad(worker, queued, 1, 4, 100, 0, fingerprint == null ? null : fingerprint.toHex());
    }

    @Test
    void theQueueIsTheSumOfTheLatestReportOfEachWorker() {
        PrefillLoads loads = new PrefillLoads();
        assertEquals(OptionalInt.empty(), loads.queued(OURS, 0));
        loads.record(load("a", 5, OURS), 0);
        loads.record(load("b", 2, OURS), 0);
        loads.record(load("a", 1, OURS), SECOND);
        assertEquals(OptionalInt.of(3), loads.queued(OURS, 2 * SECOND));
    }

    @Test
    void silentWorkersAreForgotten() {
        PrefillLoads loads = new PrefillLoads();
        loads.record(load("a", 5, OURS), 0);
        loads.record(load("b", 2, OURS), 9 * SECOND);
        assertEquals(OptionalInt.of(2), loads.queued(OURS, 11 * SECOND));
        assertEquals(OptionalInt.empty(), loads.queued(OURS, 30 * SECOND));
    }

    @Test
    void workersOfAnotherFingerprintDoNotCount() {
        PrefillLoads loads = new PrefillLoads();
        loads.record(load("other", 0, OTHER), 0);
        assertEquals(OptionalInt.empty(), loads.queued(OURS, 0));
        assertTrue(loads.onlyOtherFingerprints(OURS, 0));
        loads.record(load("older", 3, null), 0);
        assertEquals(OptionalInt.of(3), loads.queued(OURS, 0), "a worker that does not say is taken to serve ours");
        assertFalse(loads.onlyOtherFingerprints(OURS, 0));
    }

    @Test
    void readsTheJsonOfLoadMessagesAndIgnoresBadOnes() {
        PrefillLoads loads = new PrefillLoads();
        loads.onLoad(PrefillMessages.toJson(load("a", 2, OURS)));
        loads.onLoad("{\"workerId\":\"\"}");
        loads.onLoad("not json");
        assertEquals(OptionalInt.of(2), loads.queued(OURS, System.nanoTime()));
    }
}
