package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.Hash128;
import dev.tandem.protocol.kv.KvDType;
import dev.tandem.protocol.kv.KvLayout;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/** Small deterministic blocks for client tests. */
final class ClientTestBlocks {

    static final KvLayout LAYOUT = new KvLayout(KvDType.F32, 1, 1, 64, 16);

    private ClientTestBlocks() {
    }

    static BlockKey key(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new BlockKey(new Hash128(1, 2), new Hash128(r.nextLong(), r.nextLong()));
    }

    static byte[] bytes(long seed) {
        byte[] b = new byte[LAYOUT.blockBytes()];
        new SplittableRandom(seed * 31).nextBytes(b);
        return b;
    }

    static KvBlock block(long seed) {
        return new KvBlock(key(seed), LAYOUT, MemorySegment.ofArray(bytes(seed)));
    }

    static final class Collect implements BlockSink {
        final byte[][] data;

        Collect(int n) {
            data = new byte[n][];
        }

        @Override
        public MemorySegment target(int index, BlockKey key, KvLayout layout, long length) {
            data[index] = new byte[(int) length];
            return MemorySegment.ofArray(data[index]);
        }
    }
}
