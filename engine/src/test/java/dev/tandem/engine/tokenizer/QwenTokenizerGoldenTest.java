package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.SharedAssets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real Qwen3 tokenizer against the goldens produced by Hugging Face tokenizers 0.23.2. */
class QwenTokenizerGoldenTest {

    private static Path dir;
    private static Tokenizer tokenizer;
    private static JsonNode golden;

    @BeforeAll
    static void load() {
        dir = SharedAssets.model("qwen3-tiny-random");
        tokenizer = Tokenizer.fromDirectory(dir);
        golden = GoldenFile.read(dir.resolve("tokenizer_golden.json"));
    }

    @Test
    void encodesAllGoldenStrings() {
        List<GoldenFile.Case> cases = GoldenFile.cases(golden, "strings", "decoded");
        assertEquals(58, cases.size());
        List<String> failures = new ArrayList<>();
        for (GoldenFile.Case c : cases) {
            int[] ids = tokenizer.encode(c.text(), false);
            if (!java.util.Arrays.equals(c.ids(), ids)) {
                failures.add(c.text() + "\n  expected " + java.util.Arrays.toString(c.ids())
                        + "\n  actual   " + java.util.Arrays.toString(ids));
            }
            assertArrayEquals(ids, tokenizer.encode(c.text(), true), "Qwen3 adds no special tokens");
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void goldenTokensAreTheVocabularyStrings() {
        for (GoldenFile.Case c : GoldenFile.cases(golden, "strings", "decoded")) {
            List<String> tokens = new ArrayList<>();
            for (int id : c.ids()) {
                tokens.add(tokenizer.token(id));
            }
            assertEquals(c.tokens(), tokens, c.text());
        }
    }

    @Test
    void decodesAllGoldenIds() {
        for (GoldenFile.Case c : GoldenFile.cases(golden, "strings", "decoded")) {
            assertEquals(c.decoded(), tokenizer.decode(c.ids(), false), c.text());
        }
    }

    @Test
    void matchesLlamaCppQwen2VocabTests() {
        List<GoldenFile.Case> cases = GoldenFile.cases(golden, "llama_cpp_qwen2_vocab_tests", null);
        assertEquals(46, cases.size());
        for (GoldenFile.Case c : cases) {
            assertArrayEquals(c.ids(), tokenizer.encode(c.text(), false), c.text());
        }
    }

    @Test
    void exposesSpecialTokensAndConfig() {
        assertEquals(151669, tokenizer.vocabSize());
        assertEquals(Optional.of("<|im_end|>"), tokenizer.eosToken());
        assertEquals(Optional.empty(), tokenizer.bosToken());
        assertTrue(tokenizer.bosTokenId().isEmpty());
        assertEquals(Set.of(151645, 151643), tokenizer.eosTokenIds(), "tokenizer_config eos + generation_config");
        assertEquals(151644, tokenizer.tokenId("<|im_start|>").orElseThrow());
        assertEquals(1879, tokenizer.tokenId("\u0120world").orElseThrow());
        assertTrue(tokenizer.isSpecial(151644));
        assertFalse(tokenizer.isSpecial(151657), "<tool_call> is an added token but not special");
        assertFalse(tokenizer.isSpecial(1879));
        assertTrue(tokenizer.chatTemplate().orElseThrow().contains("<|im_start|>"));
    }

    @Test
    void skipsOnlySpecialTokensWhenAsked() {
        int[] ids = tokenizer.encode("<|im_start|>user\n<tool_call>x</tool_call><|im_end|>", false);
        assertEquals("user\n<tool_call>x</tool_call>", tokenizer.decode(ids, true));
        assertEquals("<|im_start|>user\n<tool_call>x</tool_call><|im_end|>", tokenizer.decode(ids, false));
    }

    @Test
    void fromJsonWithoutConfigHasNoSpecialTokenNames() {
        Tokenizer bare = Tokenizer.fromJson(dir.resolve("tokenizer.json"), Optional.empty());
        assertEquals(Optional.empty(), bare.eosToken());
        assertEquals(Set.of(), bare.eosTokenIds());
        assertArrayEquals(new int[] {9707, 1879}, bare.encode("Hello world", true));
    }
}
