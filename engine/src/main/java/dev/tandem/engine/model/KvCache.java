package dev.tandem.engine.model;

import java.util.Arrays;

/**
 * One sequence's keys and values for every layer, contiguous in position order, f32. Grows as the
 * sequence does. (The serving engine's paged cache replaces this for batched requests.)
 */
public final class KvCache {

    private final int kvDim;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;
    private int length;

    public KvCache(ModelConfig config, int initialCapacity) {
        this.kvDim = config.kvDim();
        this.capacity = Math.max(1, initialCapacity);
        this.keys = new float[config.numLayers()][capacity * kvDim];
        this.values = new float[config.numLayers()][capacity * kvDim];
    }

    /** Positions filled so far (the next token's position). */
    public int length() {
        return length;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Makes room for positions up to {@code newLength}; existing entries are kept. */
    void ensureCapacity(int newLength) {
        if (newLength <= capacity) {
            return;
        }
        int grown = Math.max(newLength, capacity * 2);
        for (int layer = 0; layer < keys.length; layer++) {
            keys[layer] = Arrays.copyOf(keys[layer], grown * kvDim);
            values[layer] = Arrays.copyOf(values[layer], grown * kvDim);
        }
        capacity = grown;
    }

    /** Stores {@code tokens} positions of K and V of one layer starting at {@code start}. */
    void write(int layer, int start, float[] k, float[] v, int tokens) {
        System.arraycopy(k, 0, keys[layer], start * kvDim, tokens * kvDim);
        System.arraycopy(v, 0, values[layer], start * kvDim, tokens * kvDim);
    }

    void advance(int tokens) {
        length += tokens;
    }

    /** Forgets positions from {@code newLength} on (e.g. to re-run a suffix). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of %d positions to %d".formatted(length, newLength));
        }
        length = newLength;
    }
}
