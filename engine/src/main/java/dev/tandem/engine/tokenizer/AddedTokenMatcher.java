package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens in a text the way Hugging Face's {@code AddedVocabulary} does: leftmost-longest matching
 * (Aho-Corasick {@code LeftmostLongest}), then {@code single_word} may reject a match (the search resumes after
 * it), {@code lstrip}/{@code rstrip} widen it over adjacent whitespace. The text between matches is handed on.
 */
final class AddedTokenMatcher {

    /** Receives the text between tokens and the tokens, in order. */
    interface SegmentSink {
        /** A non-empty stretch of text; {@code start} is its offset in the text given to {@link #split}. */
        void text(String segment, int start);

        void token(AddedToken token);
    }

    /** A token and the text that stands for it (its content, or its normalized content). */
    private record Candidate(String pattern, AddedToken token) {
    }

    private final Map<Character, Candidate[]> byFirstChar = new HashMap<>();
    private final boolean[] firstChars = new boolean[0x10000];
    /** The first character of every token when they all share it (as Qwen's {@code <}), else -1. */
    private final int onlyFirstChar;
    private final boolean empty;

    /**
     * @param tokens   the tokens to find
     * @param patterns the text to look for, per token (its content, or its normalized content)
     */
    AddedTokenMatcher(List<AddedToken> tokens, List<String> patterns) {
        Map<Character, List<Candidate>> grouped = new HashMap<>();
        for (int t = 0; t < tokens.size(); t++) {
            String pattern = patterns.get(t);
            if (!pattern.isEmpty()) {
                grouped.computeIfAbsent(pattern.charAt(0), c -> new ArrayList<>())
                        .add(new Candidate(pattern, tokens.get(t)));
            }
        }
        for (Map.Entry<Character, List<Candidate>> group : grouped.entrySet()) {
            List<Candidate> candidates = group.getValue();
            candidates.sort(Comparator.comparingInt((Candidate candidate) -> -candidate.pattern().length()));
            byFirstChar.put(group.getKey(), candidates.toArray(new Candidate[0]));
            firstChars[group.getKey()] = true;
        }
        empty = byFirstChar.isEmpty();
        onlyFirstChar = byFirstChar.size() == 1 ? byFirstChar.keySet().iterator().next() : -1;
    }

    /** Cuts {@code text} into added tokens and the stretches between them. */
    void split(String text, SegmentSink sink) {
        int n = text.length();
        if (empty) {
            if (n > 0) {
                sink.text(text, 0);
            }
            return;
        }
        int segmentStart = 0;
        int pos = nextCandidate(text, 0);
        while (pos < n) {
            Candidate candidate = longestAt(text, pos, byFirstChar.get(text.charAt(pos)));
            if (candidate == null) {
                pos = nextCandidate(text, pos + 1);
                continue;
            }
            AddedToken match = candidate.token();
            int start = pos;
            int stop = pos + candidate.pattern().length();
            if (match.singleWord() && !standsAlone(text, start, stop)) {
                pos = nextCandidate(text, stop); // rejected, and the search resumes after it, as in Hugging Face
                continue;
            }
            if (match.lstrip()) {
                start = Math.max(whitespaceStartBefore(text, start), segmentStart);
            }
            if (match.rstrip()) {
                stop = whitespaceEndAfter(text, stop);
            }
            if (segmentStart < start) {
                sink.text(text.substring(segmentStart, start), segmentStart);
            }
            sink.token(match);
            segmentStart = stop;
            pos = nextCandidate(text, stop);
        }
        if (segmentStart < n) {
            sink.text(text.substring(segmentStart), segmentStart);
        }
    }

    /** The first position at or after {@code from} where some token could start, or the text length. */
    private int nextCandidate(String text, int from) {
        if (onlyFirstChar >= 0) {
            int at = text.indexOf(onlyFirstChar, from);
            return at < 0 ? text.length() : at;
        }
        for (int i = from; i < text.length(); i++) {
            if (firstChars[text.charAt(i)]) {
                return i;
            }
        }
        return text.length();
    }

    private static Candidate longestAt(String text, int pos, Candidate[] candidates) {
        for (Candidate candidate : candidates) {
            if (text.startsWith(candidate.pattern(), pos)) {
                return candidate;
            }
        }
        return null;
    }

    /** No alphanumeric character right before {@code start} nor right after {@code stop}. */
    private static boolean standsAlone(String text, int start, int stop) {
        boolean before = start == 0 || !CharClasses.isAlphanumeric(text.codePointBefore(start));
        boolean after = stop == text.length() || !CharClasses.isAlphanumeric(text.codePointAt(stop));
        return before && after;
    }

    private static int whitespaceStartBefore(String text, int start) {
        int i = start;
        while (i > 0 && CharClasses.isWhiteSpace(text.codePointBefore(i))) {
            i -= Character.charCount(text.codePointBefore(i));
        }
        return i;
    }

    private static int whitespaceEndAfter(String text, int stop) {
        int i = stop;
        while (i < text.length() && CharClasses.isWhiteSpace(text.codePointAt(i))) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }
}
