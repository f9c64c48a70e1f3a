package dev.tandem.protocol.kv.client;

/** What became of one requested block. Everything but {@link #LANDED} means: recompute it. */
public enum BlockStatus {
    LANDED,
    /** Not stored (never put, or evicted). */
    ABSENT,
    /** Its bytes failed the CRC32C check (in the store or after transfer) on every attempt. */
    CORRUPT,
    /** Subscribe: it did not land before the timeout. */
    TIMED_OUT,
    /** Its replica could not be reached. */
    UNAVAILABLE
}
