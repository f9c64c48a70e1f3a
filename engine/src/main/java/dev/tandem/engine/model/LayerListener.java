package dev.tandem.engine.model;

import dev.tandem.engine.cache.KvBlockPool;

import java.util.List;

/**
 * Told by the forward pass when a layer has written the keys and values of every chunk of the
 * batch into the pool, before the next layer starts: how a prefill worker streams a prompt's KV
 * layer by layer. Called on the thread running the forward pass; copy what you need and return.
 */
@FunctionalInterface
public interface LayerListener {

    /** Layer {@code layer}'s K/V of every position of {@code chunks} is now in {@code pool}. */
    void layerWritten(int layer, KvBlockPool pool, List<SequenceChunk> chunks);
}
