package dev.tandem.protocol.kv;

import java.util.Objects;

/**
 * How a block's bytes are laid out: for each layer, K then V, each {@code [blockSize, kvHeads,
 * headDim]} row-major in {@code dtype}. Travels with every put so that a reader can check the block
 * matches its own KV cache before copying it in.
 */
public record KvLayout(KvDType dtype, int layers, int kvHeads, int headDim, int blockSize) {

    public KvLayout {
        Objects.requireNonNull(dtype, "dtype");
        positive("layers", layers);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("blockSize", blockSize);
        if ((long) layers * 2 * blockSize * kvHeads * headDim * dtype.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a block of " + layers + " layers x 2 x " + blockSize + " x "
                    + kvHeads + " x " + headDim + " " + dtype + " exceeds 2 GiB");
        }
    }

    /** Bytes of one K (or V) plane of one layer: {@code blockSize * kvHeads * headDim * dtype}. */
    public int planeBytes() {
        return blockSize * kvHeads * headDim * dtype.bytes();
    }

    /** Bytes of the whole block. */
    public int blockBytes() {
        return 2 * layers * planeBytes();
    }

    /** Offset of layer {@code layer}'s K plane; its V plane follows at {@code + planeBytes()}. */
    public long keyOffset(int layer) {
        Objects.checkIndex(layer, layers);
        return 2L * layer * planeBytes();
    }

    public long valueOffset(int layer) {
        return keyOffset(layer) + planeBytes();
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
