package dev.tandem.engine.tokenizer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pattern of a {@code Replace} normalizer or decoder: a literal string or a regex. */
record TextPattern(String literal, Pattern regex) {

    static TextPattern ofLiteral(String literal) {
        return new TextPattern(literal, null);
    }

    static TextPattern ofRegex(Pattern regex) {
        return new TextPattern(null, regex);
    }

    /** Replaces every occurrence by {@code content}, taken literally (no group references). */
    String replaceAll(String text, String content) {
        if (literal != null) {
            return literal.isEmpty() ? text : text.replace(literal, content);
        }
        return regex.matcher(text).replaceAll(Matcher.quoteReplacement(content));
    }
}
