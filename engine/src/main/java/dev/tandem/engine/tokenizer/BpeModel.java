package dev.tandem.engine.tokenizer;

import java.util.Map;

/**
 * Hugging Face's BPE model: a word is split into characters (or, for byte-level tokenizers, into the bytes of its
 * UTF-8 form), unknown characters become byte-fallback tokens {@code <0xXX>} or the unknown token (fused when
 * {@code fuse_unk}), then merges are applied by rank. With {@code ignore_merges}, a word that is itself in the
 * vocabulary is emitted directly. Results are cached per word.
 */
final class BpeModel implements TokenModel {

    /** Options of the model, as in {@code tokenizer.json}'s {@code model} object. */
    record Options(boolean byteLevel, boolean byteFallback, boolean fuseUnk, boolean ignoreMerges, int unkId) {
    }

    private final Map<String, Integer> vocab;
    private final MergeTable merges;
    private final Options options;
    /** Id of each byte's token when the vocabulary has all 256 byte-level characters, else null. */
    private final int[] byteLevelIds;
    /** Id of each {@code <0xXX>} token (-1 where absent) when byte fallback is on, else null. */
    private final int[] byteFallbackIds;
    /** Id of each single-character token of the Basic Multilingual Plane (-1 where absent), for character models. */
    private final int[] bmpCharIds;
    private final WordCache cache;

    BpeModel(Map<String, Integer> vocab, MergeTable merges, Options options, int cacheCapacity) {
        this.vocab = vocab;
        this.merges = merges;
        this.options = options;
        this.byteLevelIds = options.byteLevel() ? byteLevelIds(vocab) : null;
        this.byteFallbackIds = options.byteFallback() ? byteFallbackIds(vocab) : null;
        this.bmpCharIds = byteLevelIds == null ? bmpCharIds(vocab) : null;
        this.cache = new WordCache(cacheCapacity);
    }

    @Override
    public void encode(char[] text, int start, int end, IntList out) {
        int hash = WordCache.hash(text, start, end);
        if (!cache.appendTo(text, start, end, hash, out)) {
            int[] ids = encodeUncached(new String(text, start, end - start));
            cache.put(text, start, end, hash, ids);
            out.addAll(ids);
        }
    }

    private int[] encodeUncached(String word) {
        if (options.ignoreMerges()) {
            Integer whole = vocab.get(options.byteLevel() ? ByteLevelAlphabet.encode(word) : word);
            if (whole != null) {
                return new int[] {whole};
            }
        }
        int[] symbols;
        int count;
        if (byteLevelIds != null) {
            byte[] bytes = new byte[word.length() * 3];
            count = Utf8Codec.encode(word, bytes, 0);
            symbols = new int[count];
            for (int i = 0; i < count; i++) {
                symbols[i] = byteLevelIds[bytes[i] & 0xFF];
            }
        } else {
            IntList initial = initialSymbols(options.byteLevel() ? ByteLevelAlphabet.encode(word) : word);
            symbols = initial.toArray();
            count = symbols.length;
        }
        count = BpeWordMerger.merge(symbols, count, merges);
        return count == symbols.length ? symbols : java.util.Arrays.copyOf(symbols, count);
    }

    /** One symbol per character, with Hugging Face's handling of characters missing from the vocabulary. */
    private IntList initialSymbols(String text) {
        IntList symbols = new IntList(text.length());
        int pendingUnk = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            int id = cp < 0x10000 ? bmpCharIds[cp] : vocab.getOrDefault(text.substring(i, next), -1);
            i = next;
            if (id >= 0) {
                if (pendingUnk >= 0) {
                    symbols.add(options.unkId());
                    pendingUnk = -1;
                }
                symbols.add(id);
                continue;
            }
            if (byteFallbackIds != null && addByteFallback(cp, symbols)) {
                continue; // as in Hugging Face, a pending unknown token is not flushed before the bytes
            }
            if (options.unkId() >= 0) {
                if (pendingUnk >= 0 && !options.fuseUnk()) {
                    symbols.add(options.unkId());
                }
                pendingUnk = options.unkId();
            }
            // without an unknown token the character is dropped, as in Hugging Face
        }
        if (pendingUnk >= 0) {
            symbols.add(options.unkId());
        }
        return symbols;
    }

    private boolean addByteFallback(int codePoint, IntList symbols) {
        byte[] bytes = new byte[4];
        int length = Utf8Codec.encode(Character.toString(codePoint), bytes, 0);
        for (int b = 0; b < length; b++) {
            if (byteFallbackIds[bytes[b] & 0xFF] < 0) {
                return false;
            }
        }
        for (int b = 0; b < length; b++) {
            symbols.add(byteFallbackIds[bytes[b] & 0xFF]);
        }
        return true;
    }

    private static int[] bmpCharIds(Map<String, Integer> vocab) {
        int[] ids = new int[0x10000];
        java.util.Arrays.fill(ids, -1);
        vocab.forEach((token, id) -> {
            if (token.length() == 1) {
                ids[token.charAt(0)] = id;
            }
        });
        return ids;
    }

    private static int[] byteLevelIds(Map<String, Integer> vocab) {
        int[] ids = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.valueOf(ByteLevelAlphabet.charOf(b)));
            if (id == null) {
                return null;
            }
            ids[b] = id;
        }
        return ids;
    }

    static int[] byteFallbackIds(Map<String, Integer> vocab) {
        int[] ids = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.format("<0x%02X>", b));
            ids[b] = id == null ? -1 : id;
        }
        return ids;
    }
}
