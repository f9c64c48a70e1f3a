package dev.tandem.kvstore.store;

/** The pool is not allocated yet (or the store is shutting down). */
public final class StoreNotReadyException extends RuntimeException {

    public StoreNotReadyException(String message) {
        super(message);
    }
}
