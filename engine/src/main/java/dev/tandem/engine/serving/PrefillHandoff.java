package dev.tandem.engine.serving;

import dev.tandem.engine.cache.KvSnapshot;

/** What a prefill-only run hands to the decode side: the prompt's KV and the first sampled token. */
public record PrefillHandoff(int firstToken, KvSnapshot kv) {
}
