package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code tokenizer_golden.json} files of the shared reference models. */
final class GoldenFile {

    /** One golden string: its text, expected ids and tokens, and the expected decode. */
    record Case(String text, int[] ids, List<String> tokens, String decoded) {
    }

    private GoldenFile() {
    }

    static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases of an array field; {@code decodedField} names the expected-decode field (null when absent). */
    static List<Case> cases(JsonNode root, String arrayField, String decodedField) {
        List<Case> cases = new ArrayList<>();
        for (JsonNode node : root.get(arrayField)) {
            List<String> tokens = new ArrayList<>();
            if (node.has("tokens")) {
                node.get("tokens").forEach(token -> tokens.add(token.textValue()));
            }
            cases.add(new Case(node.get("text").textValue(), ints(node.get("ids")), tokens,
                    decodedField != null && node.has(decodedField) ? node.get(decodedField).textValue() : null));
        }
        return cases;
    }

    static int[] ints(JsonNode array) {
        int[] result = new int[array.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = array.get(i).intValue();
        }
        return result;
    }
}
