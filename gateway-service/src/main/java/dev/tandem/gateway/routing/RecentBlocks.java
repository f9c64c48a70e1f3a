package dev.tandem.gateway.routing;

import dev.tandem.engine.cache.BlockHash;

import java.util.LinkedHashMap;
import java.util.Map;

/** The block hashes recently routed to one worker, least recently routed forgotten first. Thread-safe. */
final class RecentBlocks {

    private final LinkedHashMap<BlockHash, Boolean> blocks;

    RecentBlocks(int capacity) {
        this.blocks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<BlockHash, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** How many leading blocks of {@code chain} are remembered (chained hashes: a hit at i implies 0..i). */
    synchronized int matchedPrefix(BlockHash[] chain) {
        for (int i = chain.length; i > 0; i--) {
            if (blocks.containsKey(chain[i - 1])) {
                return i;
            }
        }
        return 0;
    }

    synchronized void remember(BlockHash[] chain) {
        for (BlockHash hash : chain) {
            blocks.put(hash, Boolean.TRUE);
        }
    }
}
