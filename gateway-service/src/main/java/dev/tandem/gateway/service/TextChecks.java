package dev.tandem.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.gateway.api.ApiException;

import java.util.Map;

/** Request text must be Unicode: JSON escapes can smuggle in unpaired surrogates, which no tokenizer accepts. */
final class TextChecks {

    private TextChecks() {
    }

    static String validUnicode(String param, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.invalid(param, "%s holds an unpaired surrogate (U+%04X at index %d): not valid Unicode"
                        .formatted(param, (int) c, i));
            }
        }
        return text;
    }

    /** Checks every string (object keys included) in a JSON tree. */
    static void validUnicode(String param, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            validUnicode(param, node.asText());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                validUnicode(param, field.getKey());
                validUnicode(param, field.getValue());
            }
        } else if (node.isArray()) {
            node.forEach(item -> validUnicode(param, item));
        }
    }
}
