package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.BlockHashes;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.Hash128;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RendezvousPlacementTest {

    private static final List<Replica> FOUR = IntStream.range(0, 4)
            .mapToObj(i -> new Replica("10.0.0." + (i + 1), 8091)).toList();

    private static List<BlockKey> keys(int n) {
        SplittableRandom r = new SplittableRandom(42);
        int[] tokens = r.ints(n * 16L, 0, 150_000).toArray();
        return List.of(BlockHashes.chain(Hash128.ofHex("01".repeat(16)), tokens, 16));
    }

    @Test
    void placementIsStableAndIndependentOfReplicaOrder() {
        List<Replica> shuffled = new ArrayList<>(FOUR);
        java.util.Collections.reverse(shuffled);
        for (BlockKey key : keys(500)) {
            Replica a = RendezvousPlacement.place(key, FOUR);
            assertEquals(a, RendezvousPlacement.place(key, FOUR));
            assertEquals(a, RendezvousPlacement.place(key, shuffled));
        }
        assertEquals(RendezvousPlacement.place("req-1", FOUR), RendezvousPlacement.place("req-1", shuffled));
    }

    @Test
    void keysSpreadEvenly() {
        Map<Replica, Integer> counts = new HashMap<>();
        for (BlockKey key : keys(8000)) {
            counts.merge(RendezvousPlacement.place(key, FOUR), 1, Integer::sum);
        }
        for (Replica r : FOUR) {
            int c = counts.getOrDefault(r, 0);
            assertTrue(c > 1700 && c < 2300, r + " got " + c + " of 8000");
        }
    }

    @Test
    void addingAReplicaMovesOnlyTheKeysItWins() {
        List<Replica> five = new ArrayList<>(FOUR);
        five.add(new Replica("10.0.0.9", 8091));
        int moved = 0;
        List<BlockKey> keys = keys(8000);
        for (BlockKey key : keys) {
            Replica before = RendezvousPlacement.place(key, FOUR);
            Replica after = RendezvousPlacement.place(key, five);
            if (!before.equals(after)) {
                moved++;
                assertEquals(five.get(4), after, "a key only ever moves to the new replica");
            }
        }
        assertTrue(moved > 8000 / 5 * 0.85 && moved < 8000 / 5 * 1.15, "moved " + moved + ", about 1/5 expected");
    }

    @Test
    void removingAReplicaMovesOnlyTheKeysItHeld() {
        List<Replica> three = FOUR.subList(0, 3);
        for (BlockKey key : keys(4000)) {
            Replica before = RendezvousPlacement.place(key, FOUR);
            Replica after = RendezvousPlacement.place(key, three);
            if (!before.equals(FOUR.get(3))) {
                assertEquals(before, after, "keys of surviving replicas stay put");
            }
        }
    }

    @Test
    void noReplicaIsAClearError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(KvStoreException.class,
                () -> RendezvousPlacement.place("r", List.of()));
        assertEquals(KvStoreException.Kind.UNAVAILABLE, e.kind());
    }
}
