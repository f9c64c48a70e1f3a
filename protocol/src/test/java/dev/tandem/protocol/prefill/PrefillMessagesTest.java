package dev.tandem.protocol.prefill;

import dev.tandem.protocol.kv.BlockHashes;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.Hash128;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrefillMessagesTest {

    private static final Hash128 FP = Hash128.ofHex("00112233445566778899aabbccddeeff");

    private static PrefillTask task() {
        FirstTokenSampling sampling = new FirstTokenSampling(0.7, 40, 0.9, 0.05, 1234L, 1.1, 0.5, 0.25, Map.of(7, -2.5f), 5);
        return PrefillTask.of("req-1", new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, sampling, FP, 4,
                new DecodeTarget("decode-0", "127.0.0.1:9200"), 1_700_000_000_000L);
    }

    @Test
    void aTaskSurvivesTheJsonRoundTripWithEveryField() {
        PrefillTask task = task();
        String json = PrefillMessages.toJson(task);
        PrefillTask back = PrefillMessages.task(json);
        assertEquals(task, back);
        assertArrayEquals(task.promptIds(), back.promptIds());
        assertEquals(task.sampling(), back.sampling());
        assertEquals(Map.of(7, -2.5f), back.sampling().logitBias());
        assertEquals(1234L, back.sampling().seed());
        assertEquals(task.blockKeys(), back.blockKeys());
        assertTrue(json.contains("\"requestId\":\"req-1\""), json);
        assertTrue(json.contains("\"fingerprint\":\"00112233445566778899aabbccddeeff\""), json);
    }

    @Test
    void theTaskCarriesTheKvStoreKeysOfEveryBlockIncludingAPartialLastOne() {
        PrefillTask task = task();
        List<BlockKey> keys = task.blockKeys();
        assertEquals(3, keys.size());
        BlockKey[] full = BlockHashes.chain(FP, task.promptIds(), 4);
        assertEquals(List.of(full), keys.subList(0, 2));
        assertEquals(BlockHashes.next(full[1].hash(), task.promptIds(), 8, 9), keys.get(2).hash());
        assertTrue(task.keysMatchPrompt());
    }

    @Test
    void keysOfAnotherPromptAreDetected() {
        PrefillTask task = task();
        PrefillTask forged = new PrefillTask("req-1", new int[] {1, 2, 3, 4, 5, 6, 7, 8, 10}, task.sampling(), task.fingerprint(),
                4, task.blockHashes(), task.decode(), task.deadlineEpochMillis());
        assertFalse(forged.keysMatchPrompt());
    }

    @Test
    void aSeedlessGreedyTaskAndUnknownFieldsAreFine() {
        PrefillTask task = PrefillTask.of("r", new int[] {5}, FirstTokenSampling.greedy(), FP, 16, new DecodeTarget("d", null), 0);
        String json = PrefillMessages.toJson(task).replace("{\"requestId\"", "{\"addedLater\":[1,2],\"requestId\"");
        PrefillTask back = PrefillMessages.task(json);
        assertEquals(task, back);
        assertEquals(null, back.sampling().seed());
        assertFalse(back.sampling().hasPenaltiesOrBias());
        assertTrue(task().sampling().hasPenaltiesOrBias());
    }

    @Test
    void invalidTasksAreRefusedWithTheFieldNamed() {
        String json = PrefillMessages.toJson(task());
        var e = assertThrows(IllegalArgumentException.class, () -> PrefillMessages.task(json.replace("\"blockSize\":4", "\"blockSize\":2")));
        assertTrue(e.getMessage().contains("block hashes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PrefillMessages.task(json.replace("\"temperature\":0.7", "\"temperature\":-1")));
        assertTrue(e.getMessage().contains("temperature"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PrefillMessages.task("{not json"));
    }

    @Test
    void cancelAndLoadRoundTrip() {
        assertEquals(new PrefillCancel("req-9"), PrefillMessages.cancel(PrefillMessages.toJson(new PrefillCancel("req-9"))));
        PrefillLoad load = new PrefillLoad("prefill-1", 2, 3, 8, 1234.5, 42L, "00112233445566778899aabbccddeeff");
        assertEquals(load, PrefillMessages.load(PrefillMessages.toJson(load)));
        assertThrows(IllegalArgumentException.class, () -> PrefillMessages.cancel("{\"requestId\":\"\"}"));
    }
}
