package dev.tandem.kvstore.store;

import dev.tandem.protocol.kv.PrefillResult;

/**
 * Receives what a subscription waits for. Called outside the store's lock, possibly from the
 * thread that committed the block, and possibly concurrently for different slots.
 */
public interface SubscriptionListener {

    /** Block {@code slot} of the subscription is stored; it is pinned by the subscription's lease. */
    void onBlock(int slot, StoredBlock block);

    /** The request's entry landed. */
    void onEntry(PrefillResult entry);
}
