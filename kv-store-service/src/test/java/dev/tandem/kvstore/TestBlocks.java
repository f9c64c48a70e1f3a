package dev.tandem.kvstore;

import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.Hash128;
import dev.tandem.protocol.kv.KvDType;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.client.BlockSink;
import dev.tandem.protocol.kv.client.KvBlock;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic test blocks: keys from a seed, bytes from the key. */
public final class TestBlocks {

    /** 2 layers x K,V x 16 tokens x 2 heads x 64 dims in bf16: 16 KiB. */
    public static final KvLayout LAYOUT = new KvLayout(KvDType.BF16, 2, 2, 64, 16);
    public static final Hash128 FINGERPRINT = new Hash128(0x7a4d3e11L, 0x5eedL);

    private TestBlocks() {
    }

    public static BlockKey key(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new BlockKey(FINGERPRINT, new Hash128(r.nextLong(), r.nextLong()));
    }

    public static List<BlockKey> keys(long firstSeed, int n) {
        List<BlockKey> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(key(firstSeed + i));
        }
        return out;
    }

    public static byte[] bytes(BlockKey key, KvLayout layout) {
        byte[] b = new byte[layout.blockBytes()];
        new SplittableRandom(key.hash().low() ^ key.hash().high()).nextBytes(b);
        return b;
    }

    public static KvBlock block(BlockKey key) {
        return new KvBlock(key, LAYOUT, MemorySegment.ofArray(bytes(key, LAYOUT)));
    }

    public static List<KvBlock> blocks(List<BlockKey> keys) {
        return keys.stream().map(TestBlocks::block).toList();
    }

    /** A sink collecting each block into its own heap array. */
    public static final class Collect implements BlockSink {
        public final byte[][] data;
        public final boolean[] landed;

        public Collect(int n) {
            data = new byte[n][];
            landed = new boolean[n];
        }

        @Override
        public MemorySegment target(int index, BlockKey key, KvLayout layout, long length) {
            data[index] = new byte[(int) length];
            return MemorySegment.ofArray(data[index]);
        }

        @Override
        public void landed(int index) {
            landed[index] = true;
        }
    }
}
