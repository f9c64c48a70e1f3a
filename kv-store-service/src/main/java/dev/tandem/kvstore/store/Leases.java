package dev.tandem.kvstore.store;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** The open leases and their pins. Guarded by the store's lock. */
final class Leases {

    private final BlockIndex index;
    private final Map<Long, Lease> open = new HashMap<>();

    Leases(BlockIndex index) {
        this.index = index;
    }

    Lease open(long id, long expiresAtNanos) {
        Lease lease = new Lease(id, expiresAtNanos);
        open.put(id, lease);
        return lease;
    }

    /** Ends lease {@code id}; false when there is none (ended, expired, or not a lease). */
    boolean release(long id) {
        Lease lease = open.remove(id);
        if (lease == null) {
            return false;
        }
        end(lease);
        return true;
    }

    void expire(long nowNanos) {
        for (Iterator<Lease> it = open.values().iterator(); it.hasNext(); ) {
            Lease lease = it.next();
            if (nowNanos - lease.expiresAtNanos >= 0) {
                it.remove();
                end(lease);
            }
        }
    }

    private void end(Lease lease) {
        if (!lease.ended) {
            lease.ended = true;
            lease.pinned.forEach(index::unpin);
            lease.pinned.clear();
        }
    }
}
