package dev.tandem.kvstore.store;

import dev.tandem.protocol.kv.BlockKey;

import java.util.List;

/** A reader waiting for blocks (and a request entry) to land. Guarded by the store's lock. */
public final class Subscription {

    final List<BlockKey> keys;
    final String requestId;
    final Lease lease;
    final SubscriptionListener listener;
    boolean cancelled;

    Subscription(List<BlockKey> keys, String requestId, Lease lease, SubscriptionListener listener) {
        this.keys = keys;
        this.requestId = requestId;
        this.lease = lease;
        this.listener = listener;
    }

    /** The lease that pins delivered blocks; release it when they have been read. */
    public Lease lease() {
        return lease;
    }
}
