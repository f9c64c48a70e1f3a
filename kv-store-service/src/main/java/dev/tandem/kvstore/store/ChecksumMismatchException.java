package dev.tandem.kvstore.store;

/** A block's bytes do not match the writer's CRC32C. */
public final class ChecksumMismatchException extends RuntimeException {

    public ChecksumMismatchException(String message) {
        super(message);
    }
}
