package dev.tandem.engine.tokenizer;

/**
 * A hand-written, linear-time matcher for the three pre-tokenizer regexes of the GPT-2 family, with exactly the
 * leftmost-first backtracking semantics Oniguruma gives them:
 * <ul>
 * <li>GPT-2: {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}</li>
 * <li>Llama-3: {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|
 * \s*[\r\n]+|\s+(?!\S)|\s+}</li>
 * <li>Qwen2: as Llama-3 with {@code \p{N}} instead of {@code \p{N}{1,3}}.</li>
 * </ul>
 * Every character matches one alternative, so the matches tile the text. Whitespace runs are scanned a bounded
 * number of times, so a megabyte of one repeated character is a single linear pass.
 */
final class GptPatternScanner implements MatchFinder {

    /** Which of the three regexes to scan. */
    enum Variant { GPT2, LLAMA3, QWEN2 }

    private final Variant variant;

    GptPatternScanner(Variant variant) {
        this.variant = variant;
    }

    @Override
    public void findMatches(String text, char[] chars, MatchSink sink) {
        int n = chars.length;
        int i = 0;
        while (i < n) {
            int end = variant == Variant.GPT2 ? matchGpt2(chars, i, n) : matchLlama3(chars, i, n);
            sink.match(i, end);
            i = end;
        }
    }

    private int matchLlama3(char[] s, int i, int n) {
        int cp = codePointAt(s, i);
        byte cls = CharClasses.of(cp);
        if (cp == '\'') {
            int k = contraction(s, i + 1, n, true);
            if (k > 0) {
                return i + 1 + k;
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        if (cls == CharClasses.LETTER) {
            return endOfClass(s, i, n, CharClasses.LETTER);
        }
        int next = i + Character.charCount(cp);
        if (cls != CharClasses.NUMBER && cp != '\r' && cp != '\n' && next < n
                && CharClasses.of(codePointAt(s, next)) == CharClasses.LETTER) {
            return endOfClass(s, next, n, CharClasses.LETTER);
        }
        // \p{N} or \p{N}{1,3}
        if (cls == CharClasses.NUMBER) {
            int maxDigits = variant == Variant.LLAMA3 ? 3 : 1;
            int j = next;
            for (int count = 1; count < maxDigits && j < n; count++) {
                int c = codePointAt(s, j);
                if (CharClasses.of(c) != CharClasses.NUMBER) {
                    break;
                }
                j += Character.charCount(c);
            }
            return j;
        }
        // ' ?[^\s\p{L}\p{N}]+[\r\n]*'
        int start = cp == ' ' ? next : i;
        if (start < n && CharClasses.of(codePointAt(s, start)) == CharClasses.OTHER) {
            int j = endOfClass(s, start, n, CharClasses.OTHER);
            while (j < n && (s[j] == '\r' || s[j] == '\n')) {
                j++;
            }
            return j;
        }
        // Only whitespace is left here (every other class matched above).
        int runEnd = endOfClass(s, i, n, CharClasses.SPACE);
        // \s*[\r\n]+ : up to the last line break of the run
        for (int j = runEnd - 1; j >= i; j--) {
            char c = s[j];
            if (c == '\r' || c == '\n') {
                return j + 1;
            }
        }
        return whitespaceNotBeforeNonSpace(i, runEnd, n);
    }

    private int matchGpt2(char[] s, int i, int n) {
        int cp = codePointAt(s, i);
        if (cp == '\'') {
            int k = contraction(s, i + 1, n, false);
            if (k > 0) {
                return i + 1 + k;
            }
        }
        int start = i;
        byte cls = CharClasses.of(cp);
        if (cp == ' ' && i + 1 < n) {
            byte nextCls = CharClasses.of(codePointAt(s, i + 1));
            if (nextCls != CharClasses.SPACE) {
                start = i + 1;
                cls = nextCls;
            }
        }
        if (cls != CharClasses.SPACE) {
            return endOfClass(s, start, n, cls);
        }
        return whitespaceNotBeforeNonSpace(i, endOfClass(s, i, n, CharClasses.SPACE), n);
    }

    private static int codePointAt(char[] s, int i) {
        char c = s[i];
        if (Character.isHighSurrogate(c) && i + 1 < s.length && Character.isLowSurrogate(s[i + 1])) {
            return Character.toCodePoint(c, s[i + 1]);
        }
        return c;
    }

    /** {@code \s+(?!\S)|\s+} on the whitespace run {@code [i, runEnd)}: leave the last space to the next word. */
    private static int whitespaceNotBeforeNonSpace(int i, int runEnd, int n) {
        if (runEnd == n || runEnd - 1 == i) {
            return runEnd;
        }
        return runEnd - 1;
    }

    private static int endOfClass(char[] s, int from, int n, byte cls) {
        int j = from;
        while (j < n) {
            char c = s[j];
            if (!Character.isSurrogate(c)) {
                if (CharClasses.of(c) != cls) {
                    break;
                }
                j++;
            } else {
                int cp = codePointAt(s, j);
                if (CharClasses.of(cp) != cls) {
                    break;
                }
                j += Character.charCount(cp);
            }
        }
        return j;
    }

    /** The length of {@code s|t|re|ve|m|ll|d} at {@code j} (0 when none), optionally case-insensitive. */
    private static int contraction(char[] s, int j, int n, boolean ignoreCase) {
        if (j >= n) {
            return 0;
        }
        char c = fold(s[j], ignoreCase);
        char d = j + 1 < n ? fold(s[j + 1], ignoreCase) : 0;
        return switch (c) {
            case 's', 't', 'm', 'd' -> 1;
            case 'r', 'v' -> d == 'e' ? 2 : 0;
            case 'l' -> d == 'l' ? 2 : 0;
            default -> 0;
        };
    }

    private static char fold(char c, boolean ignoreCase) {
        if (!ignoreCase) {
            return c;
        }
        if (c == '\u017F') {
            return 's'; // LATIN SMALL LETTER LONG S case-folds to 's'
        }
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
