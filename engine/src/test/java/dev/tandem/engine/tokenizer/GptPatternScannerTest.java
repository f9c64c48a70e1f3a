package dev.tandem.engine.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written scanner agrees with {@code java.util.regex} running the same regexes. */
class GptPatternScannerTest {

    /** Characters chosen to hit every alternative and the tricky classes (NBSP and BOM, long s, digits, marks). */
    private static final int[] ALPHABET = {
            ' ', ' ', ' ', '\t', '\n', '\n', '\r', '\u000B', '\u00A0', '\u3000', '\u2028', '\uFEFF', '\u0085',
            'a', 'b', 's', 'S', 't', 'T', 'r', 'R', 'e', 'E', 'v', 'V', 'm', 'M', 'l', 'L', 'd', 'D', '\u017F',
            '\'', '\'', '"', '!', '.', ',', '-', '(', '<', '|', '_',
            '1', '2', '0', '\u0663', '\u00BD', '\u2160',
            '\u00E9', '\u4E2D', '\u6587', '\u0301', '\u200D', '\u00AD',
            0x1F600, 0x1F44D, 0x1F3FD, 0x10400, 0x1D7D8
    };

    @Test
    void qwen2ScannerEqualsJavaRegex() {
        assertScannerEqualsRegex(GptPatternScanner.Variant.QWEN2, SplitRegexes.QWEN2);
    }

    @Test
    void llama3ScannerEqualsJavaRegex() {
        assertScannerEqualsRegex(GptPatternScanner.Variant.LLAMA3, SplitRegexes.LLAMA3);
    }

    @Test
    void gpt2ScannerEqualsJavaRegex() {
        assertScannerEqualsRegex(GptPatternScanner.Variant.GPT2, SplitRegexes.GPT2);
    }

    @Test
    void knownRegexesGetTheScanner() {
        assertEquals(GptPatternScanner.class, SplitRegexes.finder(SplitRegexes.QWEN2, "test").getClass());
        assertEquals(MatchFinder.Regex.class, SplitRegexes.finder("\\p{N}+", "test").getClass());
    }

    @Test
    void qwen2PiecesOnExamples() {
        GptPatternScanner qwen = new GptPatternScanner(GptPatternScanner.Variant.QWEN2);
        assertEquals(List.of("Hello", ",", " world", "!"), pieces(qwen, "Hello, world!"));
        assertEquals(List.of("I", "'M", " sure", " y", "'all"), pieces(qwen, "I'M sure y'all"));
        assertEquals(List.of("line", "1", "\r\n\n\n", " ", " indented"), pieces(qwen, "line1\r\n\n\n  indented"));
        assertEquals(List.of("a", "\r\n", "b", "\n\n", "c"), pieces(qwen, "a\r\nb\n\nc"));
        assertEquals(List.of("1", "2", "3", " ", "4"), pieces(qwen, "123 4"));
        assertEquals(List.of("a", "  ", " b", "   "), pieces(qwen, "a   b   "));
        assertEquals(List.of(" \uFEFF", "BOM"), pieces(qwen, " \uFEFFBOM"), "U+FEFF is not whitespace");
        assertEquals(List.of("\u00A0nbsp"), pieces(qwen, "\u00A0nbsp"));
        assertEquals(List.of("x", " ...\n\n", "y"), pieces(qwen, "x ...\n\ny"));
        GptPatternScanner llama = new GptPatternScanner(GptPatternScanner.Variant.LLAMA3);
        assertEquals(List.of("123", "45", " ", "6"), pieces(llama, "12345 6"));
    }

    @Test
    void megabyteRunsOfOneCharacterAreSinglePassAndCorrect() {
        GptPatternScanner qwen = new GptPatternScanner(GptPatternScanner.Variant.QWEN2);
        int n = 1 << 20;
        for (char c : new char[] {'a', ' ', '\n', '!'}) {
            List<String> pieces = pieces(qwen, String.valueOf(c).repeat(n));
            assertEquals(1, pieces.size(), "one piece for a run of " + (int) c);
            assertEquals(n, pieces.getFirst().length());
        }
        assertEquals(n, pieces(qwen, "1".repeat(n)).size(), "each digit alone");
        List<String> spacesThenWord = pieces(qwen, " ".repeat(n) + "x");
        assertEquals(List.of(n - 1, 2), spacesThenWord.stream().map(String::length).toList());
    }

    private static void assertScannerEqualsRegex(GptPatternScanner.Variant variant, String regex) {
        GptPatternScanner scanner = new GptPatternScanner(variant);
        MatchFinder reference = new MatchFinder.Regex(SplitRegexes.compile(regex, "test"));
        Random random = new Random(20261123L + variant.ordinal());
        for (int round = 0; round < 5000; round++) {
            String text = randomText(random, 1 + random.nextInt(40));
            assertEquals(pieces(reference, text), pieces(scanner, text), () -> variant + " on " + escape(text));
        }
    }

    static String randomText(Random random, int codePoints) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            text.appendCodePoint(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }

    static List<String> pieces(MatchFinder finder, String text) {
        return Pieces.of(new PreTokenizer.Split(finder, SplitBehavior.ISOLATED, false), text, true);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
                : String.format("\\u{%X}", cp)));
        return out.toString();
    }
}
