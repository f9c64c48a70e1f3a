package dev.tandem.engine.tokenizer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded, thread-safe cache from a pre-tokenized word to its token ids. When it fills up it is emptied and
 * refills with the words in current use: cheap, and good enough for the skewed distribution of words.
 */
final class WordCache {

    /** Words longer than this (in chars) are not cached: they are rare and costly to keep. */
    static final int MAX_WORD_LENGTH = 64;

    private final ConcurrentHashMap<String, int[]> entries;
    private final int capacity;

    WordCache(int capacity) {
        this.capacity = capacity;
        this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    }

    int[] get(String word) {
        return capacity == 0 ? null : entries.get(word);
    }

    void put(String word, int[] ids) {
        if (capacity == 0 || word.length() > MAX_WORD_LENGTH) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(word, ids);
    }
}
