package dev.tandem.cli;

import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.Hash128;
import dev.tandem.protocol.kv.KvDType;
import dev.tandem.protocol.kv.KvLayout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The blocks a kv benchmark moves: a layout of the requested size, keys and deterministic bytes. */
final class KvBenchData {

    private KvBenchData() {
    }

    /**
     * A layout of exactly {@code blockBytes}: Qwen3-32B-like (bf16, 8 KV heads of 128, 16 tokens;
     * 4 MiB at 64 layers) when the size allows, else one layer of one head.
     */
    static KvLayout layout(long blockBytes) {
        long plane = 16L * 8 * 128 * 2;
        if (blockBytes % (2 * plane) == 0) {
            return new KvLayout(KvDType.BF16, (int) (blockBytes / (2 * plane)), 8, 128, 16);
        }
        if (blockBytes % 64 == 0) {
            return new KvLayout(KvDType.BF16, 1, 1, (int) (blockBytes / 64), 16);
        }
        throw new IllegalArgumentException("--block-bytes must be a multiple of 64, got " + blockBytes);
    }

    static BlockKey key(long run, int index) {
        return new BlockKey(new Hash128(0x7a4e_6b65_7600_0000L, run), new Hash128(run * 0x9E3779B97F4A7C15L, index));
    }

    /** Fills a block with bytes that depend on (run, index), fast enough for a GiB. */
    static void fill(MemorySegment block, long run, int index) {
        long x = run * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1;
        long longs = block.byteSize() / 8;
        for (long i = 0; i < longs; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            block.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, i, x);
        }
        for (long i = longs * 8; i < block.byteSize(); i++) {
            block.set(ValueLayout.JAVA_BYTE, i, (byte) x);
        }
    }

    /** Off-heap blocks, each page touched so that no page fault lands inside a timed section. */
    static MemorySegment[] allocate(Arena arena, int blocks, long blockBytes) {
        MemorySegment[] out = new MemorySegment[blocks];
        for (int i = 0; i < blocks; i++) {
            out[i] = arena.allocate(blockBytes, 4096);
            out[i].fill((byte) 0);
        }
        return out;
    }
}
