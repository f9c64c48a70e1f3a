package dev.tandem.protocol.kv.client;

/** A kv-store operation that failed after its retries; {@link #kind()} says why. */
public class KvStoreException extends RuntimeException {

    public enum Kind {
        /** The pool is full of pinned blocks: the put was refused at once. Not retried. */
        POOL_FULL,
        /** No replica answered (down, not ready, unreachable) within the attempts. */
        UNAVAILABLE,
        /** The operation's deadline passed. */
        DEADLINE_EXCEEDED,
        /** Block bytes failed their CRC32C on every attempt. */
        CHECKSUM,
        /** The request was malformed or refused (a bug on one side). */
        INVALID,
        /** Any other failure. */
        FAILED
    }

    private final Kind kind;

    public KvStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
