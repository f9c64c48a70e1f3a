package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.BlockKey;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Rendezvous (highest-random-weight) hashing: a key lives on the replica with the highest
 * {@code weight(replica, key)}. Every client that sees the same replicas places a key the same
 * way; adding or removing a replica moves only the keys that it wins or held (about 1/n of them).
 */
public final class RendezvousPlacement {

    private RendezvousPlacement() {
    }

    public static Replica place(BlockKey key, List<Replica> replicas) {
        return place(key.hash().high() ^ key.hash().low() ^ key.fingerprint().low(), replicas);
    }

    public static Replica place(String requestId, List<Replica> replicas) {
        return place(fnv1a(requestId), replicas);
    }

    static Replica place(long keyBits, List<Replica> replicas) {
        if (replicas.isEmpty()) {
            throw new KvStoreException(KvStoreException.Kind.UNAVAILABLE, "no kv-store replica to place a key on", null);
        }
        Replica best = null;
        long bestWeight = 0;
        for (Replica r : replicas) {
            long w = mix(seed(r) ^ mix(keyBits));
            // Unsigned comparison; ties (practically impossible) go to the smaller id, so all clients agree.
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0
                    || (w == bestWeight && r.id().compareTo(best.id()) < 0)) {
                best = r;
                bestWeight = w;
            }
        }
        return best;
    }

    private static long seed(Replica replica) {
        return mix(fnv1a(replica.id()));
    }

    private static long fnv1a(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xFF;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finalizer: a bijection that spreads every input bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
