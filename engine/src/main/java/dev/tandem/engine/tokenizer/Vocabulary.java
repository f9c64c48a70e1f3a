package dev.tandem.engine.tokenizer;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/** Token strings by id and ids by token string, over the model vocabulary and the added tokens together. */
final class Vocabulary {

    private final String[] tokens;
    private final boolean[] special;
    private final Map<String, Integer> ids;

    /**
     * @param modelVocab  the model's token → id map
     * @param addedTokens added tokens; their ids may repeat model ids (same token) or extend the id space
     */
    Vocabulary(Map<String, Integer> modelVocab, Collection<AddedToken> addedTokens) {
        this(byId(modelVocab), modelVocab, addedTokens);
    }

    /**
     * @param modelTokens the model's tokens by id (a GGUF token list, where a string may occur twice)
     * @param modelVocab  the model's token → id map
     * @param addedTokens added tokens; their ids may repeat model ids (same token) or extend the id space
     */
    Vocabulary(String[] modelTokens, Map<String, Integer> modelVocab, Collection<AddedToken> addedTokens) {
        int size = modelTokens.length;
        for (AddedToken token : addedTokens) {
            size = Math.max(size, token.id() + 1);
        }
        tokens = java.util.Arrays.copyOf(modelTokens, size);
        special = new boolean[size];
        ids = new HashMap<>(modelVocab);
        for (AddedToken token : addedTokens) {
            tokens[token.id()] = token.content();
            special[token.id()] = token.special();
            ids.put(token.content(), token.id());
        }
    }

    private static String[] byId(Map<String, Integer> vocab) {
        int size = 0;
        for (int id : vocab.values()) {
            size = Math.max(size, id + 1);
        }
        String[] tokens = new String[size];
        vocab.forEach((token, id) -> tokens[id] = token);
        return tokens;
    }

    /** The size of the id space: the largest id plus one. */
    int size() {
        return tokens.length;
    }

    /** The token string of an id; a {@link TokenizerException} naming the id when it has none. */
    String token(int id) {
        if (id < 0 || id >= tokens.length || tokens[id] == null) {
            throw new TokenizerException("token id " + id + " is not in the vocabulary (vocab size " + tokens.length
                    + (id >= 0 && id < tokens.length ? ", no token has this id" : "") + ")");
        }
        return tokens[id];
    }

    boolean contains(int id) {
        return id >= 0 && id < tokens.length && tokens[id] != null;
    }

    OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }
}
