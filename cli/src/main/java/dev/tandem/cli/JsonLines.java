package dev.tandem.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON objects one per line from stdin, answers each with one line on stdout. A line that
 * fails stops the run with an error naming its line number.
 */
final class JsonLines {

    static final ObjectMapper JSON = new ObjectMapper();

    @FunctionalInterface
    interface LineHandler {
        Object handle(JsonNode line);
    }

    private JsonLines() {
    }

    static void process(PrintWriter out, LineHandler handler) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("line %d: not valid JSON: %s".formatted(number, e.getOriginalMessage()));
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("line %d: expected a JSON object".formatted(number));
            }
            try {
                out.println(JSON.writeValueAsString(handler.handle(node)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line %d: %s".formatted(number, e.getMessage()), e);
            }
            out.flush();
        }
    }

    static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '%s' must be a string".formatted(field));
        }
        return value.asText();
    }

    static int[] requiredIds(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException("field '%s' must be an array of token ids".formatted(field));
        }
        int[] ids = new int[value.size()];
        for (int i = 0; i < ids.length; i++) {
            if (!value.get(i).canConvertToInt()) {
                throw new IllegalArgumentException("%s[%d] is not an integer token id".formatted(field, i));
            }
            ids[i] = value.get(i).asInt();
        }
        return ids;
    }
}
