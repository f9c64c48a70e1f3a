package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.SharedAssets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokenizers built from GGUF metadata reproduce the Hugging Face goldens. */
class GgufTokenizerTest {

    @Test
    void storiesGgufReproducesTheHuggingFaceGoldens() {
        Path dir = SharedAssets.model("stories260K");
        Map<String, Object> metadata = GgufMetadataTestReader.read(dir.resolve("stories260K.gguf"));
        assertEquals("llama", metadata.get("tokenizer.ggml.model"));
        Tokenizer tokenizer = Tokenizer.fromGguf(metadata);
        JsonNode golden = GoldenFile.read(dir.resolve("tokenizer_golden.json"));
        List<String> failures = new ArrayList<>();
        int byDesignDifferences = 0;
        for (JsonNode node : golden.get("strings")) {
            String text = node.get("text").textValue();
            int[] expected = GoldenFile.ints(node.get("ids"));
            int[] ids = tokenizer.encode(text, true);
            if (!node.get("same_as_llama2c").booleanValue()) {
                byDesignDifferences++;
            }
            if (!Arrays.equals(expected, ids)) {
                failures.add(text + ": expected " + Arrays.toString(expected) + " got " + Arrays.toString(ids));
            }
            assertEquals(node.get("decoded_skip_special").textValue(), tokenizer.decode(ids, true), text);
        }
        // Both by-design differences (literal U+2581, special-token text in raw input) concern SentencePiece and
        // llama2.c without parse_special; as llama.cpp with parse_special, this tokenizer matches them too.
        assertEquals(2, byDesignDifferences);
        assertEquals(List.of(), failures);
    }

    @Test
    void storiesGgufMetadataGivesTheSpecialTokens() {
        Path dir = SharedAssets.model("stories260K");
        Tokenizer tokenizer = Tokenizer.fromGguf(GgufMetadataTestReader.read(dir.resolve("stories260K.gguf")));
        assertEquals(512, tokenizer.vocabSize());
        assertEquals(1, tokenizer.bosTokenId().orElseThrow());
        assertEquals(Optional.of("</s>"), tokenizer.eosToken());
        assertEquals(Set.of(2), tokenizer.eosTokenIds());
        assertTrue(tokenizer.isSpecial(1));
        assertFalse(tokenizer.isSpecial(13), "byte tokens are not special");
        assertArrayEquals(new int[] {346, 306, 414, 263, 304, 341}, tokenizer.encode("Hello world", false));
    }

    @Test
    void qwenTokenizerConvertedToGgufMetadataReproducesTheGoldens() {
        Path dir = SharedAssets.model("qwen3-tiny-random");
        Tokenizer tokenizer = Tokenizer.fromGguf(qwenAsGguf(dir));
        JsonNode golden = GoldenFile.read(dir.resolve("tokenizer_golden.json"));
        for (String field : List.of("strings", "llama_cpp_qwen2_vocab_tests")) {
            for (GoldenFile.Case c : GoldenFile.cases(golden, field, "decoded")) {
                assertArrayEquals(c.ids(), tokenizer.encode(c.text(), false), c.text());
                if (c.decoded() != null) {
                    assertEquals(c.decoded(), tokenizer.decode(c.ids(), false), c.text());
                }
            }
        }
        assertEquals(151936, tokenizer.vocabSize(), "the GGUF vocabulary includes the [PADn] tokens");
        assertEquals(Set.of(151645), tokenizer.eosTokenIds());
        assertEquals(151643, tokenizer.bosTokenId().orElseThrow());
        assertArrayEquals(new int[] {9707}, tokenizer.encode("Hello", true), "add_bos_token is false");
        assertTrue(tokenizer.isSpecial(151644), "control token");
        assertFalse(tokenizer.isSpecial(151667), "<think> is user-defined, not special");
        assertEquals("[PAD151700]", tokenizer.token(151700));
    }

    @Test
    void preTokenizerTypeSelectsTheSplitRegexAndOptions() {
        // byte tokens as ids 0..255, then "12", "123", "45", "ab" (no merge builds "ab"), and a BOS control token
        List<Object> tokens = new ArrayList<>();
        List<Object> types = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.charOf(b)));
            types.add(1L);
        }
        for (String token : List.of("12", "123", "45", "ab", "<|begin_of_text|>")) {
            tokens.add(token);
            types.add(token.startsWith("<|") ? 3L : 1L);
        }
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("tokenizer.ggml.model", "gpt2");
        metadata.put("tokenizer.ggml.tokens", tokens);
        metadata.put("tokenizer.ggml.token_type", types);
        metadata.put("tokenizer.ggml.merges", List.of("1 2", "12 3", "4 5"));
        metadata.put("tokenizer.ggml.bos_token_id", 260L);
        metadata.put("tokenizer.ggml.add_bos_token", true);

        metadata.put("tokenizer.ggml.pre", "llama-bpe"); // up to three digits together, ignore_merges
        Tokenizer llama3 = Tokenizer.fromGguf(metadata);
        assertArrayEquals(new int[] {260, 257, 258, 259}, llama3.encode("12345ab", true));
        assertArrayEquals(new int[] {260, 257, 260}, llama3.encode("123<|begin_of_text|>", true));

        metadata.put("tokenizer.ggml.pre", "qwen2"); // digits one by one, merges only
        Tokenizer qwen2 = Tokenizer.fromGguf(metadata);
        assertArrayEquals(new int[] {'1', '2', '3', '4', '5', 'a', 'b'}, qwen2.encode("12345ab", false));

        metadata.put("tokenizer.ggml.pre", "default"); // GPT-2: digit runs together
        Tokenizer gpt2 = Tokenizer.fromGguf(metadata);
        assertArrayEquals(new int[] {257, 258, 'a', 'b'}, gpt2.encode("12345ab", false));
        assertEquals("12345ab", gpt2.decode(new int[] {257, 258, 'a', 'b'}, false));
    }

    /**
     * The GGUF metadata convert_hf_to_gguf.py writes for Qwen3 (as described in the shared README): tokens by id,
     * padded with unused [PADn] tokens to the embedding size, added tokens as control tokens except the tool and
     * think tags (user-defined), merges as "left right" strings, pre-tokenizer "qwen2".
     */
    static Map<String, Object> qwenAsGguf(Path dir) {
        JsonNode json = GoldenFile.read(dir.resolve("tokenizer.json"));
        int size = 151936;
        List<Object> tokens = new ArrayList<>(java.util.Collections.nCopies(size, null));
        List<Object> types = new ArrayList<>(java.util.Collections.nCopies(size, (Object) 1L));
        json.get("model").get("vocab").properties()
                .forEach(entry -> tokens.set(entry.getValue().intValue(), entry.getKey()));
        Set<String> userDefined = Set.of("<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>",
                "<think>", "</think>");
        for (JsonNode added : json.get("added_tokens")) {
            String content = added.get("content").textValue();
            tokens.set(added.get("id").intValue(), content);
            types.set(added.get("id").intValue(), userDefined.contains(content) ? 4L : 3L);
        }
        for (int id = 0; id < size; id++) {
            if (tokens.get(id) == null) {
                tokens.set(id, "[PAD" + id + "]");
                types.set(id, 5L);
            }
        }
        List<Object> merges = new ArrayList<>();
        json.get("model").get("merges").forEach(pair -> merges.add(pair.get(0).textValue() + " "
                + pair.get(1).textValue()));
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("tokenizer.ggml.model", "gpt2");
        metadata.put("tokenizer.ggml.pre", "qwen2");
        metadata.put("tokenizer.ggml.tokens", tokens);
        metadata.put("tokenizer.ggml.token_type", types);
        metadata.put("tokenizer.ggml.merges", merges);
        metadata.put("tokenizer.ggml.eos_token_id", 151645L);
        metadata.put("tokenizer.ggml.padding_token_id", 151643L);
        metadata.put("tokenizer.ggml.bos_token_id", 151643L);
        metadata.put("tokenizer.ggml.add_bos_token", false);
        return metadata;
    }
}
