package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;

import java.lang.foreign.MemorySegment;

/**
 * Where fetched blocks land: the reader names the destination (its KV cache pages), so the copy
 * out of the transport is the only copy. With several replicas the calls for different indexes
 * can come from different threads at once.
 */
public interface BlockSink {

    /**
     * The destination of block {@code index} (its position in the requested key list), of exactly
     * {@code length} bytes. Its contents are undefined until {@link #landed} is called for it.
     */
    MemorySegment target(int index, BlockKey key, KvLayout layout, long length);

    /** Block {@code index} is complete in its target and its CRC32C verified. */
    default void landed(int index) {
    }
}
