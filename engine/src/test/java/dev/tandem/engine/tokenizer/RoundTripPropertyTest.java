package dev.tandem.engine.tokenizer;

import dev.tandem.engine.SharedAssets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.text.Normalizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Round trips on thousands of seeded random strings (surrogate pairs, CJK, emoji sequences, whitespace runs,
 * combining marks, Hangul jamo, arbitrary code points).
 */
class RoundTripPropertyTest {

    private static final int STRINGS = 3000;

    /** Byte-level BPE loses nothing but what NFC normalization changes. */
    @Test
    void qwenDecodeOfEncodeIsTheNfcText() {
        Tokenizer tokenizer = Tokenizer.fromDirectory(SharedAssets.model("qwen3-tiny-random"));
        RandomText texts = new RandomText(1);
        for (int i = 0; i < STRINGS; i++) {
            String text = texts.next(30);
            String expected = Normalizer.normalize(text, Normalizer.Form.NFC);
            assertEquals(expected, tokenizer.decode(tokenizer.encode(text, false), false), text);
        }
    }

    /**
     * SentencePiece with byte fallback: every character survives (as a piece or as bytes), the decoder removes
     * exactly the prefix space the normalizer added, but a literal U+2581 comes back as a space. So
     * decode(encode(s)) == s with U+2581 replaced by ' ', for text without special-token text (after which the
     * legacy behaviour adds a space of its own). The same holds with BOS added and special tokens skipped.
     */
    @Test
    void storiesDecodeOfEncodeIsTheTextWithLowerEighthBlocksAsSpaces() {
        Tokenizer tokenizer = Tokenizer.fromDirectory(SharedAssets.model("stories260K"));
        RandomText texts = new RandomText(2);
        for (int i = 0; i < STRINGS; i++) {
            String text = texts.next(30);
            if (text.contains("<s>") || text.contains("</s>") || text.contains("<unk>")) {
                continue;
            }
            String expected = text.replace('\u2581', ' ');
            assertEquals(expected, tokenizer.decode(tokenizer.encode(text, false), false), text);
            assertEquals(expected, tokenizer.decode(tokenizer.encode(text, true), true), text);
        }
        assertEquals("a  b", tokenizer.decode(tokenizer.encode("a\u2581 b", false), false));
    }

    /** llama.cpp's score-driven SentencePiece on the GGUF gives the ids of Hugging Face's merges. */
    @Test
    void storiesGgufAndTokenizerJsonAgreeOnRandomText() {
        Path dir = SharedAssets.model("stories260K");
        Tokenizer json = Tokenizer.fromDirectory(dir);
        Tokenizer gguf = Tokenizer.fromGguf(GgufMetadataTestReader.read(dir.resolve("stories260K.gguf")));
        RandomText texts = new RandomText(3);
        for (int i = 0; i < STRINGS; i++) {
            String text = i % 50 == 0 ? "<s>" + texts.next(10) + "</s> x" : texts.next(30);
            assertArrayEquals(json.encode(text, true), gguf.encode(text, true), text);
        }
    }

    @Test
    void megabyteRunsOfOneCharacterRoundTrip() {
        Tokenizer tokenizer = Tokenizer.fromDirectory(SharedAssets.model("qwen3-tiny-random"));
        int n = 1 << 20;
        for (char c : new char[] {'a', ' ', '\n', '!'}) {
            String text = String.valueOf(c).repeat(n);
            int[] ids = tokenizer.encode(text, false);
            assertEquals(text, tokenizer.decode(ids, false));
        }
        int[] digits = tokenizer.encode("1".repeat(n), false);
        assertEquals(n, digits.length);
        for (int id : digits) {
            assertEquals(16, id); // "1": digits are split one by one
        }
    }
}
