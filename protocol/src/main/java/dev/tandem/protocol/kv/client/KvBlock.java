package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** A block to put: its key, its layout and its bytes (heap or off-heap; not copied until sent). */
public record KvBlock(BlockKey key, KvLayout layout, MemorySegment data) {

    public KvBlock {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(data, "data");
        if (data.byteSize() != layout.blockBytes()) {
            throw new IllegalArgumentException("block " + key + " has " + data.byteSize()
                    + " bytes but its layout " + layout + " needs " + layout.blockBytes());
        }
    }
}
