package dev.tandem.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.tokenizer.Tokenizer;
import dev.tandem.engine.tokenizer.TokenizerException;
import dev.tandem.gateway.api.ApiException;

import java.util.ArrayList;
import java.util.List;

/**
 * A completions {@code prompt} as token id lists: a string, a list of strings, a list of token ids, or a list of
 * token id lists. Text is tokenized with the tokenizer's special tokens (BOS where the model uses one).
 */
public final class CompletionPrompts {

    private CompletionPrompts() {
    }

    public static List<int[]> parse(JsonNode prompt, Tokenizer tokenizer, int vocabSize) {
        if (prompt == null || prompt.isNull()) {
            throw ApiException.invalid("prompt", "prompt is required");
        }
        if (prompt.isTextual()) {
            return List.of(encode(prompt.asText(), tokenizer));
        }
        if (!prompt.isArray() || prompt.isEmpty()) {
            throw ApiException.invalid("prompt", "prompt must be a string, an array of strings, an array of token ids "
                    + "or an array of token id arrays, and not empty");
        }
        JsonNode first = prompt.get(0);
        List<int[]> prompts = new ArrayList<>();
        if (first.isIntegralNumber()) {
            prompts.add(ids(prompt, vocabSize));
        } else {
            for (JsonNode item : prompt) {
                if (item.isTextual()) {
                    prompts.add(encode(item.asText(), tokenizer));
                } else if (item.isArray()) {
                    prompts.add(ids(item, vocabSize));
                } else {
                    throw ApiException.invalid("prompt", "prompt array items must all be strings or all token id arrays");
                }
            }
        }
        return prompts;
    }

    private static int[] encode(String text, Tokenizer tokenizer) {
        TextChecks.validUnicode("prompt", text);
        try {
            int[] ids = tokenizer.encode(text, true);
            if (ids.length == 0) {
                throw ApiException.invalid("prompt", "prompt must not be empty");
            }
            return ids;
        } catch (TokenizerException e) {
            throw ApiException.invalid("prompt", e.getMessage());
        }
    }

    private static int[] ids(JsonNode array, int vocabSize) {
        if (array.isEmpty()) {
            throw ApiException.invalid("prompt", "a token id prompt must not be empty");
        }
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= vocabSize) {
                throw ApiException.invalid("prompt", "prompt token " + id + " is not a token id in [0, " + vocabSize + ")");
            }
            ids[i] = id.asInt();
        }
        return ids;
    }
}
