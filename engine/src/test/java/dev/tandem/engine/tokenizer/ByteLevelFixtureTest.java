package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A hand-made byte-level tokenizer: merges in both formats, added-token options, template, decode. */
class ByteLevelFixtureTest {

    @TempDir
    Path dir;

    @Test
    void encodesWordsWithMergesInPairForm() {
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.byteLevel(true));
        assertArrayEquals(new int[] {259, 264}, tokenizer.encode("hello world", false));
        assertArrayEquals(new int[] {258, 'x'}, tokenizer.encode("hellx", false));
        assertArrayEquals(new int[] {259, 264}, tokenizer.encode("HELLO World", false), "Lowercase normalizer");
        assertArrayEquals(new int[] {0xC3, 0xA9}, tokenizer.encode("\u00E9", false), "bytes of é");
        assertArrayEquals(new int[] {}, tokenizer.encode("", false));
    }

    @Test
    void legacyStringMergesGiveTheSameIds() {
        Tokenizer pairs = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.byteLevel(true));
        Tokenizer strings = Tokenizer.fromJson(TokenizerJsonFixture.write(dir, "legacy.json",
                TokenizerJsonFixture.byteLevel(false)), java.util.Optional.empty());
        for (String text : new String[] {"hello world", "hell o w orld", " world world", "ll he\nhe"}) {
            assertArrayEquals(pairs.encode(text, false), strings.encode(text, false), text);
        }
    }

    @Test
    void specialTokensAreMatchedInRawTextAndSkippedOnRequest() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withArray("added_tokens").add(TokenizerJsonFixture.addedToken(300, "<|END|>", true));
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, json);
        // matched before the Lowercase normalizer, so the upper-case content is found
        assertArrayEquals(new int[] {259, 300, 264}, tokenizer.encode("hello<|END|> world", false));
        assertEquals("hello<|END|> world", tokenizer.decode(new int[] {259, 300, 264}, false));
        assertEquals("hello world", tokenizer.decode(new int[] {259, 300, 264}, true));
        assertEquals(301, tokenizer.vocabSize());
    }

    @Test
    void lstripSwallowsWhitespaceBeforeAndRstripAfter() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withArray("added_tokens")
                .add(TokenizerJsonFixture.addedToken(301, "[L]", true).put("lstrip", true))
                .add(TokenizerJsonFixture.addedToken(302, "[R]", true).put("rstrip", true));
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, json);
        assertArrayEquals(new int[] {'a', 301, ' ', 'b'}, tokenizer.encode("a  \t[L] b", false));
        assertArrayEquals(new int[] {'a', ' ', 302, 'b'}, tokenizer.encode("a [R]  \n b", false));
        // the space between them belongs to neither: [L] strips only on its left, [R] only on its right
        assertArrayEquals(new int[] {301, ' ', 302}, tokenizer.encode(" [L] [R] ", false));
    }

    @Test
    void singleWordTokensOnlyMatchOutsideWords() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withArray("added_tokens").add(TokenizerJsonFixture.addedToken(303, "[W]", true).put("single_word", true));
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, json);
        int[] ids = tokenizer.encode("[W] x[W] [W]y", false);
        assertEquals(303, ids[0]);
        byte[] rest = " x[w] [w]y".getBytes(StandardCharsets.UTF_8); // rejected matches stay text (lower-cased)
        int[] expectedRest = new int[rest.length];
        for (int i = 0; i < rest.length; i++) {
            expectedRest[i] = rest[i];
        }
        assertArrayEquals(expectedRest, java.util.Arrays.copyOfRange(ids, 1, ids.length));
        assertArrayEquals(new int[] {'(', 303, ')'}, tokenizer.encode("([W])", false), "punctuation is no word");
    }

    @Test
    void normalizedAddedTokensMatchTheNormalizedText() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withArray("added_tokens").add(TokenizerJsonFixture.addedToken(304, "Hi", false));
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, json);
        // "Hi" normalizes to "hi", which is found in the lower-cased input, even inside a word
        assertArrayEquals(new int[] {'s', 'a', 'y', ' ', 304}, tokenizer.encode("Say HI", false));
        assertArrayEquals(new int[] {'t', 304, 's'}, tokenizer.encode("tHIs", false));
        assertEquals("say Hi", tokenizer.decode(new int[] {'s', 'a', 'y', ' ', 304}, false), "decodes the content");
    }

    @Test
    void templatePostProcessorInASequenceAppendsTokens() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withArray("added_tokens").add(TokenizerJsonFixture.addedToken(300, "<|END|>", true));
        ObjectNode sequence = TokenizerJsonFixture.typed("Sequence");
        sequence.set("processors", TokenizerJsonFixture.array()
                .add(TokenizerJsonFixture.typed("ByteLevel").put("trim_offsets", false))
                .add(TokenizerJsonFixture.template("<|END|>", 300, false)));
        json.set("post_processor", sequence);
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, json);
        assertArrayEquals(new int[] {259, 300}, tokenizer.encode("hello", true));
        assertArrayEquals(new int[] {259}, tokenizer.encode("hello", false));
    }

    @Test
    void byteLevelWithGpt2RegexAndPrefixSpace() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.set("pre_tokenizer", TokenizerJsonFixture.typed("ByteLevel").put("add_prefix_space", true)
                .put("use_regex", true));
        json.set("normalizer", null);
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, json);
        // " world" gets no second space; "hello" gets one and becomes Ġ h e l l o -> Ġ hello
        assertArrayEquals(new int[] {' ', 259, 264}, tokenizer.encode("hello world", false));
    }

    @Test
    void ignoreMergesEmitsWordsThatAreInTheVocabulary() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withObject("model").withObject("vocab").put("hellx", 265); // no merge builds it
        Tokenizer merging = TokenizerJsonFixture.load(dir, json);
        assertArrayEquals(new int[] {258, 'x'}, merging.encode("hellx", false));
        json.withObject("model").put("ignore_merges", true);
        Tokenizer ignoring = Tokenizer.fromJson(TokenizerJsonFixture.write(dir, "ignore.json", json),
                java.util.Optional.empty());
        assertArrayEquals(new int[] {265}, ignoring.encode("hellx", false));
        assertArrayEquals(new int[] {259, 264}, ignoring.encode("hello world", false), "others still merge");
    }

    @Test
    void encodeUtf8DecodesStrictly() {
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, TokenizerJsonFixture.byteLevel(true));
        assertArrayEquals(new int[] {259, 264}, tokenizer.encodeUtf8("hello world".getBytes(StandardCharsets.UTF_8),
                false));
    }
}
