package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.SharedAssets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stories260K SentencePiece-style BPE tokenizer (byte fallback, legacy prefix) against its goldens. */
class StoriesTokenizerGoldenTest {

    private static Tokenizer tokenizer;
    private static JsonNode golden;

    @BeforeAll
    static void load() {
        Path dir = SharedAssets.model("stories260K");
        tokenizer = Tokenizer.fromDirectory(dir);
        golden = GoldenFile.read(dir.resolve("tokenizer_golden.json"));
    }

    @Test
    void encodesAllGoldenStringsWithBos() {
        List<GoldenFile.Case> cases = GoldenFile.cases(golden, "strings", "decoded_skip_special");
        assertEquals(26, cases.size());
        List<String> failures = new ArrayList<>();
        for (GoldenFile.Case c : cases) {
            int[] ids = tokenizer.encode(c.text(), true);
            if (!Arrays.equals(c.ids(), ids)) {
                failures.add(c.text() + "\n  expected " + Arrays.toString(c.ids()) + "\n  actual   "
                        + Arrays.toString(ids));
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void withoutSpecialTokensThereIsNoBos() {
        for (GoldenFile.Case c : GoldenFile.cases(golden, "strings", "decoded_skip_special")) {
            assertArrayEquals(Arrays.copyOfRange(c.ids(), 1, c.ids().length), tokenizer.encode(c.text(), false));
        }
    }

    @Test
    void goldenTokensAreTheVocabularyStrings() {
        for (GoldenFile.Case c : GoldenFile.cases(golden, "strings", "decoded_skip_special")) {
            List<String> tokens = new ArrayList<>();
            for (int id : c.ids()) {
                tokens.add(tokenizer.token(id));
            }
            assertEquals(c.tokens(), tokens, c.text());
        }
    }

    @Test
    void decodesGoldenIdsSkippingSpecialTokens() {
        for (GoldenFile.Case c : GoldenFile.cases(golden, "strings", "decoded_skip_special")) {
            assertEquals(c.decoded(), tokenizer.decode(c.ids(), true), c.text());
        }
    }

    @Test
    void decodingWithSpecialTokensKeepsTheirTextAndTheStripOnlyAppliesAtTheStart() {
        // "<s>" starts the fused text, so the decoder's Strip(' ', 1, 0) finds no leading space to remove
        assertEquals("<s> Hello world", tokenizer.decode(new int[] {1, 346, 306, 414, 263, 304, 341}, false));
        assertEquals("Hello world", tokenizer.decode(new int[] {346, 306, 414, 263, 304, 341}, false));
        assertEquals("<s><s>  text</s>", tokenizer.decode(new int[] {1, 1, 410, 259, 411, 444, 413, 2}, false));
    }

    @Test
    void exposesSpecialTokens() {
        assertEquals(512, tokenizer.vocabSize());
        assertEquals(1, tokenizer.bosTokenId().orElseThrow());
        assertEquals(Optional.of("<s>"), tokenizer.bosToken());
        assertEquals(Set.of(2), tokenizer.eosTokenIds());
        assertTrue(tokenizer.isSpecial(0) && tokenizer.isSpecial(1) && tokenizer.isSpecial(2));
        assertEquals("<0x0A>", tokenizer.token(13));
    }
}
