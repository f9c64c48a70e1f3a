package dev.tandem.prefill.service;

import dev.tandem.engine.cache.KvSnapshot;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.client.GetResult;
import dev.tandem.protocol.kv.client.KvClient;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the longest run of a prompt's leading full blocks that the kv-store holds, fetched straight
 * into a snapshot the engine loads instead of computing them. A block of another layout, a miss or
 * an unreachable replica ends the run: the rest is computed.
 */
final class PrefixReuse {

    private PrefixReuse() {
    }

    /** The cached prefix of the prompt's first {@code fullBlocks} blocks, or null when the store holds none of it. */
    static KvSnapshot fetch(KvClient client, List<BlockKey> keys, int fullBlocks, KvLayout wire,
                            dev.tandem.engine.cache.KvLayout engineLayout) {
        if (fullBlocks == 0) {
            return null;
        }
        int blockBytes = wire.blockBytes();
        byte[] bytes = new byte[Math.multiplyExact(fullBlocks, blockBytes)];
        boolean[] foreign = new boolean[fullBlocks];
        GetResult result = client.get(keys.subList(0, fullBlocks), (index, key, layout, length) -> {
            if (!layout.equals(wire) || length != blockBytes) {
                foreign[index] = true;
                return MemorySegment.ofArray(new byte[Math.toIntExact(length)]);
            }
            return MemorySegment.ofArray(bytes).asSlice((long) index * blockBytes, blockBytes);
        });
        int leading = 0;
        while (leading < fullBlocks && result.landed(leading) && !foreign[leading]) {
            leading++;
        }
        if (leading == 0) {
            return null;
        }
        return new KvSnapshot(engineLayout, leading * wire.blockSize(), Arrays.copyOf(bytes, leading * blockBytes));
    }
}
