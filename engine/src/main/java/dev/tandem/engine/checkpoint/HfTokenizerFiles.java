package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A Hugging Face tokenizer as its files describe it: {@code tokenizer.json} (BPE model, added tokens,
 * pre-tokenizer, normalizer, decoder) and, when present, {@code tokenizer_config.json} (special tokens,
 * add_bos/add_eos, chat template) or {@code chat_template.jinja}. Read-only facts for the GGUF export.
 */
final class HfTokenizerFiles {

    static final String TOKENIZER_FILE = "tokenizer.json";
    static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";
    static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";

    /** A token from {@code added_tokens}. */
    record AddedToken(int id, String content, boolean special) {
    }

    private final Path file;
    private final JsonNode tokenizer;
    private final JsonNode config;
    private final Optional<String> chatTemplateFile;
    private final TreeMap<Integer, String> tokens = new TreeMap<>();
    private final Map<Integer, AddedToken> added = new LinkedHashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();

    private HfTokenizerFiles(Path file, JsonNode tokenizer, JsonNode config, Optional<String> chatTemplateFile) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.config = config;
        this.chatTemplateFile = chatTemplateFile;
        JsonNode model = tokenizer.path("model");
        if (!"BPE".equals(model.path("type").asText())) {
            throw new CheckpointException("%s: tokenizer model type '%s' cannot be exported to GGUF (BPE only)"
                    .formatted(file, model.path("type").asText()));
        }
        if (!model.path("vocab").isObject()) {
            throw new CheckpointException("%s: model.vocab must be an object of token to id".formatted(file));
        }
        model.path("vocab").properties().forEach(e -> addToken(e.getValue().asInt(), e.getKey()));
        for (JsonNode token : tokenizer.path("added_tokens")) {
            AddedToken a = new AddedToken(token.path("id").asInt(), token.path("content").asText(), token.path("special").asBoolean());
            added.put(a.id(), a);
            addToken(a.id(), a.content());
        }
        if (tokens.isEmpty() || tokens.firstKey() < 0) {
            throw new CheckpointException("%s: the vocabulary is empty or has negative ids".formatted(file));
        }
    }

    /** Reads the tokenizer files in {@code dir}; tokenizer.json is required. */
    static HfTokenizerFiles read(Path dir) {
        Path file = dir.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("no %s in %s: a GGUF file needs the model's vocabulary".formatted(TOKENIZER_FILE, dir));
        }
        JsonNode tokenizer = JsonFields.readFile(file).node();
        Path configFile = dir.resolve(TOKENIZER_CONFIG_FILE);
        JsonNode config = Files.isRegularFile(configFile) ? JsonFields.readFile(configFile).node() : NullNode.getInstance();
        Path templateFile = dir.resolve(CHAT_TEMPLATE_FILE);
        try {
            Optional<String> template = Files.isRegularFile(templateFile) ? Optional.of(Files.readString(templateFile)) : Optional.empty();
            return new HfTokenizerFiles(file, tokenizer, config, template);
        } catch (IOException e) {
            throw new CheckpointException("cannot read %s: %s".formatted(templateFile, e.getMessage()), e);
        }
    }

    Path file() {
        return file;
    }

    /** Token text by id (the vocabulary and the added tokens together); ids may have gaps. */
    TreeMap<Integer, String> tokens() {
        return tokens;
    }

    Map<Integer, AddedToken> addedTokens() {
        return added;
    }

    /** Byte-level BPE (GPT-2 style: a ByteLevel pre-tokenizer or decoder), as Qwen and Llama 3 use. */
    boolean isByteLevel() {
        return hasStep(tokenizer.path("pre_tokenizer"), "ByteLevel") || hasStep(tokenizer.path("decoder"), "ByteLevel");
    }

    /** SentencePiece-style BPE (▁ for spaces, byte fallback), as Llama 2 and stories260K use. */
    boolean isSentencePiece() {
        return !isByteLevel() && (tokenizer.path("model").path("byte_fallback").asBoolean()
                || hasStep(tokenizer.path("decoder"), "ByteFallback") || hasStep(tokenizer.path("decoder"), "Metaspace")
                || hasStep(tokenizer.path("pre_tokenizer"), "Metaspace"));
    }

    /** Whether text gets a leading ▁ (a Prepend normalizer, or a Metaspace that prepends). */
    boolean addsSpacePrefix() {
        for (JsonNode step : steps(tokenizer.path("normalizer"))) {
            if ("Prepend".equals(step.path("type").asText()) && "\u2581".equals(step.path("prepend").asText())) {
                return true;
            }
        }
        for (JsonNode step : steps(tokenizer.path("pre_tokenizer"))) {
            if ("Metaspace".equals(step.path("type").asText())) {
                String scheme = step.path("prepend_scheme").asText("");
                return scheme.isEmpty() ? step.path("add_prefix_space").asBoolean(true) : !scheme.equals("never");
            }
        }
        return false;
    }

    /** The regex of the pre-tokenizer's Split step, when it has one. */
    Optional<String> splitRegex() {
        for (JsonNode step : steps(tokenizer.path("pre_tokenizer"))) {
            if ("Split".equals(step.path("type").asText()) && step.path("pattern").has("Regex")) {
                return Optional.of(step.path("pattern").path("Regex").asText());
            }
        }
        return Optional.empty();
    }

    /**
     * The merges as GGUF stores them, {@code "left right"}: the legacy string format as it is, the pair format
     * joined with a space, a space inside a part written as U+0120 ({@code convert_hf_to_gguf.py}'s encoding).
     */
    List<String> merges() {
        List<String> merges = new ArrayList<>();
        for (JsonNode merge : tokenizer.path("model").path("merges")) {
            if (merge.isTextual()) {
                merges.add(merge.asText());
            } else if (merge.isArray() && merge.size() == 2) {
                merges.add(encodeSpaces(merge.get(0).asText()) + " " + encodeSpaces(merge.get(1).asText()));
            } else {
                throw new CheckpointException("%s: a merge must be \"a b\" or [a, b], got %s".formatted(file, merge));
            }
        }
        return merges;
    }

    /** The id of a token's text, preferring added tokens. */
    OptionalInt idOf(String text) {
        Integer id = ids.get(text);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** A special token named in tokenizer_config.json ({@code bos_token}, ...), as a string or {@code {"content": ...}}. */
    Optional<String> configToken(String field) {
        JsonNode value = config.path(field);
        if (value.isObject()) {
            value = value.path("content");
        }
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** The model's unknown token ({@code model.unk_token}). */
    Optional<String> unknownToken() {
        JsonNode unk = tokenizer.path("model").path("unk_token");
        return unk.isTextual() ? Optional.of(unk.asText()) : configToken("unk_token");
    }

    Optional<Boolean> configFlag(String field) {
        JsonNode value = config.path(field);
        return value.isBoolean() ? Optional.of(value.asBoolean()) : Optional.empty();
    }

    /**
     * Chat templates by name: {@code "default"} for a single template (tokenizer_config.json's string, or
     * chat_template.jinja), plus the named ones when tokenizer_config.json lists several.
     */
    Map<String, String> chatTemplates() {
        Map<String, String> templates = new LinkedHashMap<>();
        JsonNode template = config.path("chat_template");
        if (template.isTextual()) {
            templates.put("default", template.asText());
        } else if (template.isArray()) {
            for (JsonNode named : template) {
                templates.put(named.path("name").asText(), named.path("template").asText());
            }
        } else {
            chatTemplateFile.ifPresent(t -> templates.put("default", t));
        }
        return templates;
    }

    private void addToken(int id, String text) {
        String previous = tokens.put(id, text);
        if (previous != null && !previous.equals(text)) {
            throw new CheckpointException("%s: id %d is both '%s' and '%s'".formatted(file, id, previous, text));
        }
        ids.put(text, id);
    }

    private static String encodeSpaces(String part) {
        return part.replace(' ', '\u0120');
    }

    private static boolean hasStep(JsonNode node, String type) {
        return steps(node).stream().anyMatch(step -> type.equals(step.path("type").asText()));
    }

    /** A component and, for a Sequence, its steps (pretokenizers, normalizers or decoders). */
    private static List<JsonNode> steps(JsonNode node) {
        List<JsonNode> steps = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return steps;
        }
        steps.add(node);
        for (String field : List.of("pretokenizers", "normalizers", "decoders")) {
            node.path(field).forEach(steps::add);
        }
        return steps;
    }
}
