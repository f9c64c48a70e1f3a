package dev.tandem.kvstore.store;

/** No slot can be had: every block that could make room is pinned by a lease or a write in progress. */
public final class PoolFullException extends RuntimeException {

    public PoolFullException(String message) {
        super(message);
    }
}
