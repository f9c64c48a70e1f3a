package dev.tandem.engine.checkpoint;

/**
 * Storage type of a tensor, with its block geometry: most types store one element per
 * {@link #blockSize()} = 1, quantized types store blocks of elements with a shared scale.
 */
public enum DType {
    F32(1, 4),
    F16(1, 2),
    BF16(1, 2),
    /** GGML Q8_0: blocks of 32 int8 values sharing one f16 scale (34 bytes a block). */
    Q8_0(32, 34);

    private final int blockSize;
    private final int blockBytes;

    DType(int blockSize, int blockBytes) {
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** Elements per block. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes per block. */
    public int blockBytes() {
        return blockBytes;
    }

    /** Bytes that {@code elements} elements occupy; they must fill whole blocks. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(
                    "%s stores blocks of %d elements; %d elements do not fill whole blocks".formatted(this, blockSize, elements));
        }
        return elements / blockSize * blockBytes;
    }
}
