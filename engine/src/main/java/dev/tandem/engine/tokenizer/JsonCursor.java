package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A JSON node together with where it sits ({@code tokenizer.json: model.merges[12]}), so that every problem found
 * while reading a tokenizer file names the file and the field.
 */
record JsonCursor(String file, String path, JsonNode node) {

    static JsonCursor root(String file, JsonNode node) {
        return new JsonCursor(file, "", node);
    }

    /** The named field; its node is {@code null} when the field is absent. */
    JsonCursor field(String name) {
        JsonNode child = node == null ? null : node.get(name);
        return new JsonCursor(file, path.isEmpty() ? name : path + "." + name, child);
    }

    /** True when the field is absent or JSON {@code null}. */
    boolean isNull() {
        return node == null || node.isNull();
    }

    boolean isArray() {
        return node != null && node.isArray();
    }

    boolean isObject() {
        return node != null && node.isObject();
    }

    boolean isString() {
        return node != null && node.isTextual();
    }

    String asString() {
        if (!isString()) {
            throw problem(isNull() ? "is missing" : "is not a string");
        }
        return node.textValue();
    }

    boolean asBoolean() {
        if (node == null || !node.isBoolean()) {
            throw problem(isNull() ? "is missing" : "is not a boolean");
        }
        return node.booleanValue();
    }

    int asInt() {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw problem(isNull() ? "is missing" : "is not a 32-bit integer");
        }
        return node.intValue();
    }

    String optString(String name, String fallback) {
        JsonCursor child = field(name);
        return child.isNull() ? fallback : child.asString();
    }

    boolean optBoolean(String name, boolean fallback) {
        JsonCursor child = field(name);
        return child.isNull() ? fallback : child.asBoolean();
    }

    int optInt(String name, int fallback) {
        JsonCursor child = field(name);
        return child.isNull() ? fallback : child.asInt();
    }

    /** The {@code type} field that tags every tokenizer component. */
    String type() {
        return field("type").asString();
    }

    List<JsonCursor> elements() {
        if (!isArray()) {
            throw problem(isNull() ? "is missing" : "is not an array");
        }
        List<JsonCursor> result = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            result.add(new JsonCursor(file, path + "[" + i + "]", node.get(i)));
        }
        return result;
    }

    /** An exception naming the file and this field: {@code "tokenizer.json: model.merges[12] <problem>"}. */
    TokenizerException problem(String problem) {
        return new TokenizerException(file + ": " + (path.isEmpty() ? "top level" : path) + " " + problem);
    }
}
