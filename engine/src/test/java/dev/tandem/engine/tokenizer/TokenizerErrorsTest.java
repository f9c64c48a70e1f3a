package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed files, unsupported components and bad input give errors that name the problem. */
class TokenizerErrorsTest {

    @TempDir
    Path dir;

    @Test
    void mergeThatIsNeitherStringNorPair() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(false);
        json.withObject("model").withArray("merges").insert(1, 42);
        assertMessage("tokenizer.json: model.merges[1] is not a string or pair", json);
    }

    @Test
    void legacyMergeWithoutExactlyOneSpace() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(false);
        json.withObject("model").withArray("merges").insert(2, "h e l");
        assertMessage("tokenizer.json: model.merges[2] is \"h e l\", not two tokens separated by one space", json);
    }

    @Test
    void mergeOfTokensOutsideTheVocabulary() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withObject("model").withArray("merges").add(TokenizerJsonFixture.array().add("zz").add("y"));
        assertMessage("tokenizer.json: model.merges[9] uses token \"zz\", which is not in model.vocab", json);
    }

    @Test
    void unsupportedModelTypes() {
        for (String type : List.of("WordPiece", "Unigram", "WordLevel")) {
            ObjectNode json = TokenizerJsonFixture.byteLevel(true);
            json.withObject("model").put("type", type);
            assertMessage("tokenizer.json: model.type is \"" + type + "\": only BPE models are supported "
                    + "(not WordPiece, WordLevel or Unigram)", json);
        }
    }

    @Test
    void unsupportedComponentsAreNamed() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.set("normalizer", TokenizerJsonFixture.typed("Precompiled"));
        assertMessage("tokenizer.json: normalizer.type \"Precompiled\" is not a supported normalizer (supported: "
                + "Sequence, NFC, NFD, NFKC, NFKD, Prepend, Replace, Lowercase, Strip)", json);
        ObjectNode decoder = TokenizerJsonFixture.byteLevel(true);
        decoder.set("decoder", TokenizerJsonFixture.typed("WordPiece"));
        assertTrue(message(decoder).startsWith("tokenizer.json: decoder.type \"WordPiece\" is not a supported"));
    }

    @Test
    void regexJavaCannotRunIsNamedWithItsField() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withObject("pre_tokenizer").withArray("pretokenizers").get(0).withObject("pattern")
                .put("Regex", "(?~abc)");
        assertTrue(message(json).startsWith(
                "tokenizer.json: pre_tokenizer.pretokenizers[0].pattern.Regex: regex \"(?~abc)\" is not supported"));
    }

    @Test
    void missingAndMistypedFields() {
        ObjectNode noVocab = TokenizerJsonFixture.byteLevel(true);
        noVocab.withObject("model").remove("vocab");
        assertMessage("tokenizer.json: model.vocab is missing", noVocab);
        ObjectNode badFlag = TokenizerJsonFixture.byteLevel(true);
        badFlag.withObject("model").put("byte_fallback", "yes");
        assertMessage("tokenizer.json: model.byte_fallback is not a boolean", badFlag);
        ObjectNode badBehavior = TokenizerJsonFixture.byteLevel(true);
        ((ObjectNode) badBehavior.withObject("pre_tokenizer").withArray("pretokenizers").get(0))
                .put("behavior", "Sideways");
        assertTrue(message(badBehavior).startsWith(
                "tokenizer.json: pre_tokenizer.pretokenizers[0].behavior is \"Sideways\", not one of Isolated"));
    }

    @Test
    void malformedJsonAndMissingFiles() {
        Path file = TokenizerJsonFixture.write(dir, "tokenizer.json", "{\"model\": [1, 2,");
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizer.fromJson(file,
                Optional.empty()));
        assertTrue(e.getMessage().startsWith("tokenizer.json: not valid JSON"), e.getMessage());
        TokenizerException missing = assertThrows(TokenizerException.class,
                () -> Tokenizer.fromDirectory(dir.resolve("nowhere")));
        assertEquals("no tokenizer.json in " + dir.resolve("nowhere"), missing.getMessage());
    }

    @Test
    void decodingAnUnknownIdNamesItAndTheVocabularySize() {
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.byteLevel(true));
        TokenizerException e = assertThrows(TokenizerException.class, () -> tokenizer.decode(new int[] {1, 999},
                false));
        assertEquals("token id 999 is not in the vocabulary (vocab size 265)", e.getMessage());
        assertThrows(TokenizerException.class, () -> tokenizer.decode(new int[] {-1}, false));
        assertThrows(TokenizerException.class, () -> tokenizer.newDetokenizer(false).next(265));
    }

    @Test
    void malformedUtf8AndUnpairedSurrogatesAreRejected() {
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.byteLevel(true));
        TokenizerException utf8 = assertThrows(TokenizerException.class,
                () -> tokenizer.encodeUtf8(new byte[] {'a', 'b', 'c', (byte) 0xC3, 'x'}, false));
        assertEquals("input is not valid UTF-8: malformed sequence of 1 byte(s) at byte offset 3 (of 5)",
                utf8.getMessage());
        TokenizerException surrogate = assertThrows(TokenizerException.class,
                () -> tokenizer.encode("ab\uD83D", false));
        assertEquals("text has an unpaired surrogate U+D83D at char index 2: it is not Unicode text",
                surrogate.getMessage());
    }

    @Test
    void ggufMetadataProblemsNameTheKey() {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("tokenizer.ggml.model", "gpt2");
        assertGgufMessage("GGUF metadata: tokenizer.ggml.tokens is missing", metadata);
        metadata.put("tokenizer.ggml.tokens", List.of("a", 7L));
        assertGgufMessage("GGUF metadata: tokenizer.ggml.tokens[1] is not a string (found Long 7)", metadata);
        metadata.put("tokenizer.ggml.tokens", List.of("a", "b", "ab"));
        metadata.put("tokenizer.ggml.merges", List.of("a b"));
        metadata.put("tokenizer.ggml.pre", "falcon");
        assertTrue(assertThrows(TokenizerException.class, () -> Tokenizer.fromGguf(metadata)).getMessage()
                .startsWith("GGUF metadata: tokenizer.ggml.pre is \"falcon\", which is not supported"));
        metadata.put("tokenizer.ggml.pre", "qwen2");
        metadata.put("tokenizer.ggml.merges", List.of("a c"));
        assertGgufMessage("GGUF metadata: tokenizer.ggml.merges[0] uses \"c\", which is not in tokenizer.ggml.tokens",
                metadata);
        metadata.put("tokenizer.ggml.model", "bert");
        assertGgufMessage("GGUF metadata: tokenizer.ggml.model is \"bert\": supported are \"llama\" (SentencePiece) "
                + "and \"gpt2\" (byte-level BPE)", metadata);
        metadata.put("tokenizer.ggml.model", "llama");
        assertGgufMessage("GGUF metadata: tokenizer.ggml.scores is missing (needed by the llama model)", metadata);
    }

    private void assertMessage(String expected, ObjectNode json) {
        assertEquals(expected, message(json));
    }

    private String message(ObjectNode json) {
        return assertThrows(TokenizerException.class, () -> TokenizerJsonFixture.load(dir, json)).getMessage();
    }

    private static void assertGgufMessage(String expected, Map<String, Object> metadata) {
        assertEquals(expected, assertThrows(TokenizerException.class, () -> Tokenizer.fromGguf(metadata))
                .getMessage());
    }
}
