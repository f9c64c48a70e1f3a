package dev.tandem.engine.cache;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.ModelConfig;

/**
 * How KV blocks are laid out in memory and on the wire: a block holds {@code blockSize} positions
 * of every layer; per layer K then V, each {@code [blockSize, kvHeads, headDim]} row-major.
 *
 * @param dtype F32 or BF16 (BF16 halves memory and transfer)
 */
public record KvLayout(DType dtype, int blockSize, int layers, int kvHeads, int headDim) {

    public KvLayout {
        if (dtype != DType.F32 && dtype != DType.BF16) {
            throw new IllegalArgumentException("KV cache dtype must be f32 or bf16, got " + dtype);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        }
    }

    public static KvLayout of(ModelConfig config, DType dtype, int blockSize) {
        return new KvLayout(dtype, blockSize, config.numLayers(), config.numKvHeads(), config.headDim());
    }

    public int kvDim() {
        return kvHeads * headDim;
    }

    public int elementBytes() {
        return dtype == DType.F32 ? 4 : 2;
    }

    public long blockBytes() {
        return (long) layers * 2 * blockSize * kvDim() * elementBytes();
    }

    /** Byte offset within a block of the key ({@code value == false}) or value row at {@code slot}. */
    public long offset(int layer, boolean value, int slot) {
        return ((long) (layer * 2 + (value ? 1 : 0)) * blockSize + slot) * kvDim() * elementBytes();
    }

    /** Blocks needed for {@code tokens} positions. */
    public int blocksFor(int tokens) {
        return (tokens + blockSize - 1) / blockSize;
    }
}
