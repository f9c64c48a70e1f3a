package dev.tandem.gateway.routing;

import dev.tandem.engine.cache.BlockHash;
import dev.tandem.engine.cache.PrefixHasher;

import java.util.HashMap;
import java.util.Map;

/** The prompt being routed; its block hashes are computed once per layout, on demand. */
public final class RouteRequest {

    private final int[] promptIds;
    private final Map<BlockLayout, BlockHash[]> hashes = new HashMap<>();

    public RouteRequest(int[] promptIds) {
        this.promptIds = promptIds;
    }

    public int[] promptIds() {
        return promptIds;
    }

    /** The chained hashes of the prompt's full blocks under {@code layout} (engine's {@link PrefixHasher}). */
    public BlockHash[] blockHashes(BlockLayout layout) {
        return hashes.computeIfAbsent(layout,
                l -> new PrefixHasher(l.fingerprint(), l.blockSize()).chain(promptIds, promptIds.length));
    }
}
