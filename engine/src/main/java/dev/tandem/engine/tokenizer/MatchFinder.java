package dev.tandem.engine.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the non-overlapping matches of a pattern in a text, left to right (a {@code Split} pre-tokenizer's pattern). */
interface MatchFinder {

    /** Reports the matches in {@code text}, whose characters are also given as {@code chars}. */
    void findMatches(String text, char[] chars, MatchSink sink);

    /** Receives one match as the char range {@code [start, end)}. */
    @FunctionalInterface
    interface MatchSink {
        void match(int start, int end);
    }

    /** Every occurrence of a literal string (none when it is empty, as in Hugging Face). */
    record Literal(String literal) implements MatchFinder {
        @Override
        public void findMatches(String text, char[] chars, MatchSink sink) {
            if (literal.isEmpty()) {
                return;
            }
            int from = 0;
            int at;
            while ((at = text.indexOf(literal, from)) >= 0) {
                sink.match(at, at + literal.length());
                from = at + literal.length();
            }
        }
    }

    /** A {@code java.util.regex} pattern, for regexes without a hand-written scanner. */
    record Regex(Pattern pattern) implements MatchFinder {
        @Override
        public void findMatches(String text, char[] chars, MatchSink sink) {
            Matcher matcher = pattern.matcher(text);
            try {
                while (matcher.find()) {
                    sink.match(matcher.start(), matcher.end());
                }
            } catch (StackOverflowError e) {
                // java.util.regex recurses on some repeated groups; fail this input, not the thread
                throw new TokenizerException("pre-tokenizer regex \"" + pattern.pattern() + "\" ran out of stack on "
                        + "a text of " + text.length() + " chars");
            }
        }
    }

    /** Each numeric character ({@code char::is_numeric}) on its own: the {@code Digits} pre-tokenizer's pattern. */
    record NumericChars() implements MatchFinder {
        @Override
        public void findMatches(String text, char[] chars, MatchSink sink) {
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int next = i + Character.charCount(cp);
                if (CharClasses.isNumeric(cp)) {
                    sink.match(i, next);
                }
                i = next;
            }
        }
    }
}
