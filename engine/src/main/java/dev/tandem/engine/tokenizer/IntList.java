package dev.tandem.engine.tokenizer;

import java.util.Arrays;

/** A growable list of primitive ints, used to collect token ids without boxing. */
final class IntList {
    private int[] data;
    private int size;

    IntList() {
        this(16);
    }

    IntList(int capacity) {
        data = new int[Math.max(4, capacity)];
    }

    void add(int value) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = value;
    }

    void addAll(int[] values) {
        addAll(values, 0, values.length);
    }

    void addAll(int[] values, int from, int to) {
        int count = to - from;
        if (size + count > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + count));
        }
        System.arraycopy(values, from, data, size, count);
        size += count;
    }

    int get(int index) {
        return data[index];
    }

    int size() {
        return size;
    }

    /** Drops the first {@code count} values, shifting the rest to the front. */
    void removeFirst(int count) {
        System.arraycopy(data, count, data, 0, size - count);
        size -= count;
    }

    /** Drops the last value. */
    void removeLast() {
        size--;
    }

    int[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
