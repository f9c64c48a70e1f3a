package dev.tandem.kvstore.store;

import dev.tandem.protocol.kv.PrefillResult;

/** A block or entry to hand to a subscriber once the store's lock is released. */
record Delivery(Subscription subscription, int slot, StoredBlock block, PrefillResult entry) {

    void deliver() {
        if (block != null) {
            subscription.listener.onBlock(slot, block);
        } else {
            subscription.listener.onEntry(entry);
        }
    }
}
