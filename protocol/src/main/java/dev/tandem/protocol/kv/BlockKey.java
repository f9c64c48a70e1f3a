package dev.tandem.protocol.kv;

import java.util.Objects;

/**
 * The key of a KV block, shared by the kv-store and the engine's prefix cache: the model/layout
 * fingerprint and the chained hash of the prompt prefix up to and including the block.
 */
public record BlockKey(Hash128 fingerprint, Hash128 hash) {

    public BlockKey {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(hash, "hash");
    }

    @Override
    public String toString() {
        return fingerprint.toHex().substring(0, 8) + "/" + hash.toHex();
    }
}
