package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Normalizers, decoders and post-processors that the reference tokenizers do not exercise. */
class PipelineComponentsTest {

    @TempDir
    Path dir;

    @Test
    void normalizers() {
        assertEquals("a_b_c", new Normalizer.Replace(TextPattern.ofRegex(Pattern.compile("\\s+")), "_")
                .normalize("a \t b\n c"));
        assertEquals("x y", new Normalizer.Strip(true, true).normalize("\u00A0 x y\u3000"));
        assertEquals("x y ", new Normalizer.Strip(true, false).normalize(" x y "));
        assertEquals("i\u0307stanbul", new Normalizer.Lowercase().normalize("\u0130STANBUL"));
        assertEquals("\u00C5", new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFC).normalize("A\u030A"));
        assertEquals("A\u030A", new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFD).normalize("\u212B"));
        assertEquals("1", new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFKC).normalize("\u2460"));
        assertEquals("", new Normalizer.Prepend("\u2581").normalize(""));
    }

    @Test
    void decoders() {
        assertEquals(List.of("xab", "cx"), new Decoder.Strip('x', 2, 1).decodeChain(List.of("xxxabx", "xcxx")));
        assertEquals(List.of("a b"), new Decoder.Sequence(List.of(
                new Decoder.Replace(TextPattern.ofRegex(Pattern.compile("_+")), " "), new Decoder.Fuse()))
                .decodeChain(List.of("a", "__", "b")));
        assertEquals(List.of("hi", " there"), new Decoder.Metaspace('\u2581', true)
                .decodeChain(List.of("\u2581hi", "\u2581there")));
        assertEquals(List.of(" hi"), new Decoder.Metaspace('\u2581', false).decodeChain(List.of("\u2581hi")));
        assertEquals(List.of("é", "x", "\uFFFD"), new Decoder.ByteFallback()
                .decodeChain(List.of("<0xC3>", "<0xA9>", "x", "<0xff>")));
        assertEquals(List.of("<0xZZ>"), new Decoder.ByteFallback().decodeChain(List.of("<0xZZ>")));
    }

    @Test
    void byteLevelDecoderPassesForeignTokensThroughAndReplacesBrokenBytes() {
        String bytes = "" + ByteLevelAlphabet.charOf(0xE6) + ByteLevelAlphabet.charOf(0x97);
        assertEquals(List.of("<|x|>\uFFFD!"), new Decoder.ByteLevel().decodeChain(List.of("<|x|>", bytes, "!")));
        assertEquals(List.of("日"), new Decoder.ByteLevel()
                .decodeChain(List.of(bytes + ByteLevelAlphabet.charOf(0xA5))));
    }

    @Test
    void bertStylePostProcessorWrapsTheSequence() {
        ObjectNode json = TokenizerJsonFixture.byteLevel(true);
        json.withArray("added_tokens").add(TokenizerJsonFixture.addedToken(300, "[CLS]", true))
                .add(TokenizerJsonFixture.addedToken(301, "[SEP]", true));
        ObjectNode bert = TokenizerJsonFixture.typed("BertProcessing");
        bert.set("cls", TokenizerJsonFixture.array().add("[CLS]").add(300));
        bert.set("sep", TokenizerJsonFixture.array().add("[SEP]").add(301));
        json.set("post_processor", bert);
        Tokenizer tokenizer = TokenizerJsonFixture.load(dir, json);
        assertArrayEquals(new int[] {300, 259, 301}, tokenizer.encode("hello", true));
        assertEquals("hello", tokenizer.decode(new int[] {300, 259, 301}, true));
    }
}
