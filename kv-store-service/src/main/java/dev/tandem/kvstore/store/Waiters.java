package dev.tandem.kvstore.store;

import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.PrefillResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Subscriptions waiting for keys and request entries to land. Guarded by the store's lock. */
final class Waiters {

    private record Waiter(Subscription subscription, int slot) {
    }

    private final Map<BlockKey, List<Waiter>> byKey = new HashMap<>();
    private final Map<String, List<Subscription>> byRequest = new HashMap<>();

    void await(BlockKey key, Subscription subscription, int slot) {
        byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Waiter(subscription, slot));
    }

    void awaitEntry(String requestId, Subscription subscription) {
        byRequest.computeIfAbsent(requestId, k -> new ArrayList<>(1)).add(subscription);
    }

    /** The block landed: pins it once per waiting slot into the waiter's lease, and says whom to tell. */
    List<Delivery> landed(StoredBlock block, BlockIndex index) {
        List<Waiter> waiting = byKey.remove(block.key());
        if (waiting == null) {
            return List.of();
        }
        List<Delivery> out = new ArrayList<>(waiting.size());
        for (Waiter w : waiting) {
            if (w.subscription.cancelled || w.subscription.lease.ended) {
                continue;
            }
            index.pin(block);
            w.subscription.lease.pinned.add(block);
            out.add(new Delivery(w.subscription, w.slot, block, null));
        }
        return out;
    }

    List<Delivery> entryLanded(PrefillResult entry) {
        List<Subscription> waiting = byRequest.remove(entry.requestId());
        if (waiting == null) {
            return List.of();
        }
        List<Delivery> out = new ArrayList<>(waiting.size());
        for (Subscription s : waiting) {
            if (!s.cancelled) {
                out.add(new Delivery(s, -1, null, entry));
            }
        }
        return out;
    }

    void remove(Subscription subscription) {
        for (int slot = 0; slot < subscription.keys.size(); slot++) {
            List<Waiter> list = byKey.get(subscription.keys.get(slot));
            if (list != null) {
                list.removeIf(w -> w.subscription == subscription);
                if (list.isEmpty()) {
                    byKey.remove(subscription.keys.get(slot));
                }
            }
        }
        if (subscription.requestId != null) {
            List<Subscription> list = byRequest.get(subscription.requestId);
            if (list != null) {
                list.removeIf(s -> s == subscription);
                if (list.isEmpty()) {
                    byRequest.remove(subscription.requestId);
                }
            }
        }
    }
}
