package dev.tandem.kvstore.store;

import dev.tandem.protocol.kv.PrefillResult;

import java.util.HashMap;
import java.util.Map;

/** Request-scoped entries (prefill results) and when they expire. Guarded by the store's lock. */
final class RequestEntries {

    private record Entry(PrefillResult result, long expiresAtNanos) {
    }

    private final Map<String, Entry> byRequest = new HashMap<>();

    void put(PrefillResult result, long expiresAtNanos) {
        byRequest.put(result.requestId(), new Entry(result, expiresAtNanos));
    }

    /** The entry, or null. */
    PrefillResult get(String requestId) {
        Entry entry = byRequest.get(requestId);
        return entry == null ? null : entry.result();
    }

    void expire(long nowNanos) {
        byRequest.values().removeIf(e -> nowNanos - e.expiresAtNanos() >= 0);
    }
}
