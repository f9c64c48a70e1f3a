package dev.tandem.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chat-template part of a Hugging Face {@code tokenizer_config.json}: the template sources by name and the
 * special tokens that transformers passes to templates.
 *
 * @param templates     source by name; a single template is named {@code "default"}
 * @param specialTokens {@code bos_token}, {@code eos_token}, {@code unk_token}, {@code pad_token},
 *                      {@code sep_token}, {@code cls_token}, {@code mask_token} (strings) and
 *                      {@code additional_special_tokens} (a list), only those that are set
 */
record TokenizerChatConfig(Map<String, String> templates, Map<String, Object> specialTokens) {

    private static final List<String> TOKEN_KEYS =
            List.of("bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token");

    /**
     * Reads {@code chat_template} (a string, or a list of {@code {"name", "template"}}); when the config has none,
     * a {@code chat_template.jinja} beside it (where newer transformers versions save the template).
     *
     * @return empty when the tokenizer has no chat template
     */
    static Optional<TokenizerChatConfig> read(Path tokenizerConfigJson) {
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(tokenizerConfigJson.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer config " + tokenizerConfigJson + ": " + e.getMessage(), e);
        }
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException(tokenizerConfigJson + " is not a JSON object");
        }
        Map<String, String> templates = templates(config.get("chat_template"), tokenizerConfigJson);
        if (templates.isEmpty()) {
            Path sibling = tokenizerConfigJson.resolveSibling("chat_template.jinja");
            if (Files.isRegularFile(sibling)) {
                try {
                    templates.put(ChatTemplate.DEFAULT_NAME, Files.readString(sibling, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + sibling + ": " + e.getMessage(), e);
                }
            }
        }
        if (templates.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TokenizerChatConfig(templates, specialTokens(config)));
    }

    private static Map<String, String> templates(JsonNode node, Path file) {
        Map<String, String> templates = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return templates;
        }
        if (node.isTextual()) {
            templates.put(ChatTemplate.DEFAULT_NAME, node.textValue());
            return templates;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(file + ": chat_template must be a string or a list of {name, template}");
        }
        for (JsonNode entry : node) {
            JsonNode name = entry.get("name");
            JsonNode template = entry.get("template");
            if (name == null || !name.isTextual() || template == null || !template.isTextual()) {
                throw new IllegalArgumentException(file + ": each chat_template entry needs a string 'name' and 'template'");
            }
            templates.put(name.textValue(), template.textValue());
        }
        return templates;
    }

    private static Map<String, Object> specialTokens(JsonNode config) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (String key : TOKEN_KEYS) {
            String token = tokenText(config.get(key));
            if (token != null) {
                tokens.put(key, token);
            }
        }
        JsonNode additional = config.get("additional_special_tokens");
        if (additional != null && additional.isArray()) {
            List<Object> list = new ArrayList<>();
            additional.forEach(t -> {
                String token = tokenText(t);
                if (token != null) {
                    list.add(token);
                }
            });
            tokens.put("additional_special_tokens", list);
        }
        return tokens;
    }

    /** A token given as a string or as an AddedToken object {@code {"content": ...}}. */
    static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        JsonNode content = node.get("content");
        return content != null && content.isTextual() ? content.textValue() : null;
    }
}
