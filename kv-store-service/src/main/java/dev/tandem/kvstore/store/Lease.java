package dev.tandem.kvstore.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Pins on blocks that a transfer is reading: while a lease holds a block, eviction cannot take
 * it. It ends when released or when it expires. Guarded by the store's lock.
 */
public final class Lease {

    private final long id;
    long expiresAtNanos;
    final List<StoredBlock> pinned = new ArrayList<>();
    boolean ended;

    Lease(long id, long expiresAtNanos) {
        this.id = id;
        this.expiresAtNanos = expiresAtNanos;
    }

    public long id() {
        return id;
    }
}
