package dev.tandem.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tokenizer files of a random model: copied from a tokenizer directory, or self-made
 * ({@link ByteLevelTokenizerFiles}); and what the model configuration needs to know of them.
 *
 * @param size    ids the tokenizer uses: one more than its largest id
 * @param copied  whether the files came from a tokenizer directory
 * @param bosId   -1 when there is none
 * @param eosIds  the configured eos first, then {@code <|endoftext|>} when the tokenizer has it
 */
record RandomModelTokenizer(int size, boolean copied, int bosId, List<Integer> eosIds) {

    static final String TOKENIZER_FILE = "tokenizer.json";
    static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";

    /** Copies the tokenizer from {@code from} when given, else writes the self-made one; into {@code dir}. */
    static RandomModelTokenizer write(Path dir, Optional<Path> from, int maxPositions, ObjectMapper mapper) throws IOException {
        if (from.isEmpty()) {
            int size = ByteLevelTokenizerFiles.write(dir, maxPositions, mapper);
            return new RandomModelTokenizer(size, false, ByteLevelTokenizerFiles.specialId(ByteLevelTokenizerFiles.END_OF_TEXT),
                    List.of(ByteLevelTokenizerFiles.specialId(ByteLevelTokenizerFiles.IM_END),
                            ByteLevelTokenizerFiles.specialId(ByteLevelTokenizerFiles.END_OF_TEXT)));
        }
        Path source = from.get();
        Path tokenizerFile = source.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new IllegalArgumentException("no %s in tokenizer directory %s".formatted(TOKENIZER_FILE, source));
        }
        Files.copy(tokenizerFile, dir.resolve(TOKENIZER_FILE), StandardCopyOption.REPLACE_EXISTING);
        Path configFile = source.resolve(TOKENIZER_CONFIG_FILE);
        JsonNode config = mapper.createObjectNode();
        if (Files.isRegularFile(configFile)) {
            Files.copy(configFile, dir.resolve(TOKENIZER_CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING);
            config = mapper.readTree(configFile.toFile());
        }
        return describe(mapper.readTree(tokenizerFile.toFile()), config);
    }

    /** Size and special ids of a Hugging Face tokenizer, from tokenizer.json and tokenizer_config.json. */
    static RandomModelTokenizer describe(JsonNode tokenizer, JsonNode tokenizerConfig) {
        JsonNode vocab = tokenizer.path("model").path("vocab");
        int maxId = vocab.isArray() ? vocab.size() - 1 : -1; // Unigram: a list of [piece, score], ids by position
        if (vocab.isObject()) {
            for (JsonNode id : vocab) {
                maxId = Math.max(maxId, id.asInt());
            }
        }
        for (JsonNode token : tokenizer.path("added_tokens")) {
            maxId = Math.max(maxId, token.path("id").asInt());
        }
        if (maxId < 0) {
            throw new IllegalArgumentException("tokenizer.json has no vocabulary");
        }
        int endOfText = idOf(tokenizer, ByteLevelTokenizerFiles.END_OF_TEXT);
        int bos = idOf(tokenizer, tokenText(tokenizerConfig.get("bos_token")));
        int eos = idOf(tokenizer, tokenText(tokenizerConfig.get("eos_token")));
        List<Integer> eosIds = new ArrayList<>();
        for (int id : new int[]{eos, endOfText}) {
            if (id >= 0 && !eosIds.contains(id)) {
                eosIds.add(id);
            }
        }
        return new RandomModelTokenizer(maxId + 1, true, bos >= 0 ? bos : endOfText, eosIds);
    }

    /** A token in tokenizer_config.json: a string, or an object with "content". */
    private static String tokenText(JsonNode token) {
        if (token == null || token.isNull()) {
            return null;
        }
        return token.isObject() ? token.path("content").asText(null) : token.asText(null);
    }

    private static int idOf(JsonNode tokenizer, String token) {
        if (token == null) {
            return -1;
        }
        for (JsonNode added : tokenizer.path("added_tokens")) {
            if (token.equals(added.path("content").asText())) {
                return added.path("id").asInt();
            }
        }
        JsonNode id = tokenizer.path("model").path("vocab").get(token);
        return id != null && id.isInt() ? id.asInt() : -1;
    }
}
