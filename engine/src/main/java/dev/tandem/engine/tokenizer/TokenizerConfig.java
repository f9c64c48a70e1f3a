package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the tokenizer takes from {@code tokenizer_config.json} (special-token names, {@code add_bos_token},
 * {@code add_eos_token}, the chat template) and from {@code generation_config.json} (extra end-of-sequence ids).
 */
record TokenizerConfig(Optional<String> bosToken, Optional<String> eosToken, Optional<Boolean> addBosToken,
                       Optional<Boolean> addEosToken, Optional<String> chatTemplate, List<Integer> extraEosIds) {

    static final TokenizerConfig NONE = new TokenizerConfig(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), List.of());

    static TokenizerConfig read(Optional<Path> tokenizerConfig, Optional<Path> generationConfig) {
        TokenizerConfig config = NONE;
        if (tokenizerConfig.isPresent()) {
            JsonCursor root = readJson(tokenizerConfig.get());
            config = new TokenizerConfig(tokenName(root.field("bos_token")), tokenName(root.field("eos_token")),
                    optionalBoolean(root.field("add_bos_token")), optionalBoolean(root.field("add_eos_token")),
                    chatTemplate(root.field("chat_template")), List.of());
        }
        if (generationConfig.isPresent()) {
            JsonCursor eos = readJson(generationConfig.get()).field("eos_token_id");
            List<Integer> ids = new ArrayList<>();
            if (eos.isArray()) {
                eos.elements().forEach(element -> ids.add(element.asInt()));
            } else if (!eos.isNull()) {
                ids.add(eos.asInt());
            }
            config = new TokenizerConfig(config.bosToken(), config.eosToken(), config.addBosToken(),
                    config.addEosToken(), config.chatTemplate(), List.copyOf(ids));
        }
        return config;
    }

    static JsonCursor readJson(Path file) {
        String name = file.getFileName().toString();
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TokenizerException(name + ": not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")", e);
        } catch (IOException e) {
            throw new TokenizerException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonCursor root = JsonCursor.root(name, node);
        if (!root.isObject()) {
            throw root.problem("is not a JSON object");
        }
        return root;
    }

    /** A special token given as a string or as an AddedToken object with a {@code content} field. */
    private static Optional<String> tokenName(JsonCursor field) {
        if (field.isNull()) {
            return Optional.empty();
        }
        return Optional.of(field.isObject() ? field.field("content").asString() : field.asString());
    }

    private static Optional<Boolean> optionalBoolean(JsonCursor field) {
        return field.isNull() ? Optional.empty() : Optional.of(field.asBoolean());
    }

    /** The template string, or the one named "default" when several named templates are given. */
    private static Optional<String> chatTemplate(JsonCursor field) {
        if (field.isNull()) {
            return Optional.empty();
        }
        if (!field.isArray()) {
            return Optional.of(field.asString());
        }
        for (JsonCursor named : field.elements()) {
            if ("default".equals(named.optString("name", ""))) {
                return Optional.of(named.field("template").asString());
            }
        }
        return Optional.empty();
    }
}
