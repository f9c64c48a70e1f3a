package dev.tandem.engine.tokenizer;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The pre-tokenizer regexes of well-known tokenizers, and the translation of any other (Oniguruma) regex to a
 * {@link MatchFinder}: the known ones get the linear-time {@link GptPatternScanner}, the rest
 * {@code java.util.regex} with Unicode character classes.
 */
final class SplitRegexes {

    /** GPT-2's pattern, also used by the {@code ByteLevel} pre-tokenizer when {@code use_regex} is true. */
    static final String GPT2 =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final Map<String, GptPatternScanner.Variant> SCANNED = Map.of(
            GPT2, GptPatternScanner.Variant.GPT2,
            LLAMA3, GptPatternScanner.Variant.LLAMA3,
            QWEN2, GptPatternScanner.Variant.QWEN2);

    private SplitRegexes() {
    }

    /** The matcher for a regex found at {@code where} (named in the error when the regex does not compile). */
    static MatchFinder finder(String regex, String where) {
        GptPatternScanner.Variant variant = SCANNED.get(regex);
        if (variant != null) {
            return new GptPatternScanner(variant);
        }
        return new MatchFinder.Regex(compile(regex, where));
    }

    /**
     * Compiles an Oniguruma regex with {@code java.util.regex}. With {@code UNICODE_CHARACTER_CLASS}, {@code \s} is
     * White_Space and {@code \w}, {@code \d}, {@code \b} and case folding are Unicode-aware, as in Oniguruma.
     */
    static Pattern compile(String regex, String where) {
        try {
            return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new TokenizerException(where + ": regex " + quote(regex) + " is not supported: "
                    + e.getDescription());
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
