package dev.tandem.engine.cache;

import java.util.Arrays;

/** A sequence's blocks in position order: position p lives in block {@code get(p / blockSize)}. */
public final class BlockTable {

    private int[] blocks = new int[8];
    private int size;

    public int size() {
        return size;
    }

    public int get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("block %d of a table of %d".formatted(index, size));
        }
        return blocks[index];
    }

    public void add(int block) {
        if (size == blocks.length) {
            blocks = Arrays.copyOf(blocks, size * 2);
        }
        blocks[size++] = block;
    }

    /** Drops the last block and returns it. */
    public int removeLast() {
        return blocks[--size];
    }

    public void clear() {
        size = 0;
    }

    public int[] toArray() {
        return Arrays.copyOf(blocks, size);
    }
}
