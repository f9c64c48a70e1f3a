package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A hand-made SentencePiece-style tokenizer: prefix and space normalizer, byte fallback, unknown fusing. */
class SentencePieceFixtureTest {

    private static final int UNK = 0;
    private static final int BOS = 1;
    private static final int SPACE = 259;
    private static final int C = 265;
    private static final int SPACE_AB = 264;
    private static final int AB = 263;

    @TempDir
    Path dir;

    @Test
    void prefixesSpacesAndMergesInRankOrder() {
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.sentencePiece(true, true));
        assertArrayEquals(new int[] {SPACE_AB, SPACE_AB}, tokenizer.encode("ab ab", false));
        assertArrayEquals(new int[] {BOS, SPACE_AB, SPACE_AB}, tokenizer.encode("ab ab", true));
        assertArrayEquals(new int[] {BOS}, tokenizer.encode("", true), "an empty text gets no prefix");
        assertEquals("ab ab", tokenizer.decode(new int[] {BOS, SPACE_AB, SPACE_AB}, true));
    }

    @Test
    void unknownCharactersFallBackToBytes() {
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.sentencePiece(true, true));
        int[] ids = tokenizer.encode("c \u00E9", false);
        assertArrayEquals(new int[] {SPACE, C, SPACE, 3 + 0xC3, 3 + 0xA9}, ids);
        assertEquals("c \u00E9", tokenizer.decode(ids, false));
        assertEquals("\uFFFD", tokenizer.decode(new int[] {3 + 0xC3}, false), "a lone lead byte");
        assertEquals("\uFFFD\uFFFDc", tokenizer.decode(new int[] {3 + 0xE6, 3 + 0x97, C}, false),
                "one U+FFFD per byte of an invalid run");
    }

    @Test
    void withoutByteFallbackUnknownsAreFusedOrNot() {
        Tokenizer fused = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.sentencePiece(false, true));
        assertArrayEquals(new int[] {SPACE, UNK, C}, fused.encode("\u00E9\u00E8c", false));
        Tokenizer separate = Tokenizer.fromJson(TokenizerJsonFixture.write(dir, "separate.json",
                TokenizerJsonFixture.sentencePiece(false, false)), java.util.Optional.empty());
        assertArrayEquals(new int[] {SPACE, UNK, UNK, C}, separate.encode("\u00E9\u00E8c", false));
    }

    @Test
    void textAfterASpecialTokenGetsItsOwnPrefix() {
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.sentencePiece(true, true));
        assertArrayEquals(new int[] {BOS, SPACE_AB}, tokenizer.encode("<s>ab", false));
        assertArrayEquals(new int[] {SPACE_AB, 2, SPACE, SPACE_AB}, tokenizer.encode("ab</s> ab", false));
        assertEquals("ab  ab", tokenizer.decode(new int[] {SPACE_AB, 2, SPACE, SPACE_AB}, true));
    }

    @Test
    void metaspacePreTokenizerPrependsOnlyAtTheStartWithSchemeFirst() {
        ObjectNode json = TokenizerJsonFixture.sentencePiece(true, true);
        json.set("normalizer", null);
        json.set("pre_tokenizer", TokenizerJsonFixture.typed("Metaspace").put("replacement", "\u2581")
                .put("prepend_scheme", "first").put("split", false));
        json.set("decoder", TokenizerJsonFixture.typed("Metaspace").put("replacement", "\u2581")
                .put("prepend_scheme", "first").put("split", false));
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, json);
        assertArrayEquals(new int[] {SPACE_AB, SPACE_AB}, tokenizer.encode("ab ab", false));
        assertArrayEquals(new int[] {BOS, AB}, tokenizer.encode("<s>ab", false), "not at the text start");
        assertEquals("ab ab", tokenizer.decode(new int[] {SPACE_AB, SPACE_AB}, false));
    }

    @Test
    void metaspaceSplitAndDigitsPreTokenizers() {
        PreTokenizer metaspace = new PreTokenizer.Metaspace('\u2581', PreTokenizer.Metaspace.PrependScheme.ALWAYS, true);
        assertEquals(List.of("\u2581ab", "\u2581cd", "\u2581", "\u2581e"), Pieces.of(metaspace, "ab cd  e", false));
        assertEquals(List.of("ab", "123", "c", "4"), Pieces.of(new PreTokenizer.Digits(false), "ab123c4", true));
        assertEquals(List.of("a", "1", "2"), Pieces.of(new PreTokenizer.Digits(true), "a12", true));
    }
}
