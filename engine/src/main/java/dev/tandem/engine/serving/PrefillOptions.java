package dev.tandem.engine.serving;

import dev.tandem.engine.cache.KvSnapshot;

/**
 * Extras of a request that computes a prompt (roles BOTH and PREFILL_ONLY).
 *
 * @param cachedPrefix KV of the prompt's first {@code cachedPrefix.tokens()} positions, full blocks only, computed
 *                     elsewhere (the kv-store): loaded into the cache instead of computed. Null: none.
 * @param layers       told each layer's newly computed KV of the prompt as the forward pass writes it. Null: none.
 */
public record PrefillOptions(KvSnapshot cachedPrefix, LayerKvSink layers) {

    public static final PrefillOptions NONE = new PrefillOptions(null, null);

    public PrefillOptions {
        if (cachedPrefix != null && cachedPrefix.tokens() % cachedPrefix.layout().blockSize() != 0) {
            throw new IllegalArgumentException("a cached prefix holds full blocks only, got %d positions in blocks of %d"
                    .formatted(cachedPrefix.tokens(), cachedPrefix.layout().blockSize()));
        }
    }
}
