package dev.tandem.prefill;

import dev.tandem.prefill.config.PrefillConfig;
import dev.tandem.prefill.kv.KvStoreConnection;
import dev.tandem.protocol.kv.PrefillResult;
import jakarta.annotation.Priority;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Alternative;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's kv-store connection, watched by the tests: records, when an entry is stored, what
 * the broker says of the task's message at that moment; fails the first entry put of requests
 * whose id starts with {@code fail-once-}, as a crash just before the result would be stored.
 */
@Alternative
@Priority(1)
@Singleton
public class ObservedKvStoreConnection extends KvStoreConnection {

    /** Whether each request's task message was still delivered and unacknowledged right after its entry was stored. */
    static final Map<String, Boolean> UNACKNOWLEDGED_WHEN_STORED = new ConcurrentHashMap<>();
    static final Map<String, AtomicInteger> ENTRY_ATTEMPTS = new ConcurrentHashMap<>();

    ObservedKvStoreConnection(PrefillConfig config) {
        super(config);
    }

    @Override
    public void putEntry(PrefillResult result) {
        int attempt = ENTRY_ATTEMPTS.computeIfAbsent(result.requestId(), id -> new AtomicInteger()).incrementAndGet();
        if (result.requestId().startsWith("fail-once-") && attempt == 1) {
            throw new IllegalStateException("injected failure before storing the entry of " + result.requestId());
        }
        super.putEntry(result);
        UNACKNOWLEDGED_WHEN_STORED.put(result.requestId(), PrefillStackResource.broker.delivering(result.requestId()));
    }
}
