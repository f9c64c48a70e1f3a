package dev.tandem.engine.tokenizer;

import java.util.List;

/**
 * A pre-tokenizer of the {@code tokenizer.json} pipeline: cuts normalized text into pieces ("words") that the model
 * encodes independently. Pieces stay plain text: the byte-level mapping of {@code ByteLevel} is done by the model,
 * so {@code ByteLevel} here only contributes its optional prefix space and GPT-2 regex.
 */
sealed interface PreTokenizer {

    /**
     * Cuts {@code text} into non-empty pieces. {@code atTextStart} says that {@code text} begins at offset 0 of the
     * original input (what {@code Metaspace}'s {@code prepend_scheme: "first"} looks at).
     */
    void preTokenize(String text, boolean atTextStart, PieceSink sink);

    /** Receives the pieces, in order, as regions of a char array (no substring is made for the last step). */
    @FunctionalInterface
    interface PieceSink {
        void accept(char[] source, int start, int end, boolean atTextStart);
    }

    /** Applies pre-tokenizers in order, each to every piece of the previous one. */
    record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
        @Override
        public void preTokenize(String text, boolean atTextStart, PieceSink sink) {
            run(0, text, atTextStart, sink);
        }

        private void run(int step, String text, boolean atTextStart, PieceSink sink) {
            if (step == steps.size() - 1) {
                steps.get(step).preTokenize(text, atTextStart, sink);
            } else {
                steps.get(step).preTokenize(text, atTextStart, (source, start, end, atStart) ->
                        run(step + 1, new String(source, start, end - start), atStart, sink));
            }
        }
    }

    /** Splits on the matches of a pattern (or, with {@code invert}, on what the pattern does not match). */
    record Split(MatchFinder pattern, SplitBehavior behavior, boolean invert) implements PreTokenizer {
        @Override
        public void preTokenize(String text, boolean atTextStart, PieceSink sink) {
            if (behavior == SplitBehavior.ISOLATED) {
                isolate(text, atTextStart, sink);
                return;
            }
            char[] chars = text.toCharArray();
            IntList spans = new IntList();
            int[] previousEnd = {0};
            pattern.findMatches(text, chars, (start, end) -> {
                if (start > previousEnd[0]) {
                    addSpan(spans, previousEnd[0], start, false);
                }
                addSpan(spans, start, end, true);
                previousEnd[0] = end;
            });
            if (previousEnd[0] < text.length()) {
                addSpan(spans, previousEnd[0], text.length(), false);
            }
            IntList pieces = new IntList();
            behavior.apply(spans, pieces);
            for (int p = 0; p < pieces.size(); p += 2) {
                int start = pieces.get(p);
                int end = pieces.get(p + 1);
                if (end > start) {
                    sink.accept(chars, start, end, atTextStart && start == 0);
                }
            }
        }

        /** The common case, streamed: matches and gaps alike become pieces, so {@code invert} does not matter. */
        private void isolate(String text, boolean atTextStart, PieceSink sink) {
            char[] chars = text.toCharArray();
            int[] previousEnd = {0};
            pattern.findMatches(text, chars, (start, end) -> {
                if (start > previousEnd[0]) {
                    sink.accept(chars, previousEnd[0], start, atTextStart && previousEnd[0] == 0);
                }
                if (end > start) {
                    sink.accept(chars, start, end, atTextStart && start == 0);
                }
                previousEnd[0] = end;
            });
            if (previousEnd[0] < chars.length) {
                sink.accept(chars, previousEnd[0], chars.length, atTextStart && previousEnd[0] == 0);
            }
        }

        private void addSpan(IntList spans, int start, int end, boolean match) {
            spans.add(start);
            spans.add(end);
            spans.add(match != invert ? 1 : 0);
        }
    }

    /**
     * Byte-level pre-tokenization: optionally a space before each piece that lacks one, optionally the GPT-2 regex
     * split. The mapping of bytes to the GPT-2 alphabet happens in the model.
     */
    record ByteLevel(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
        private static final MatchFinder GPT2 = new GptPatternScanner(GptPatternScanner.Variant.GPT2);

        @Override
        public void preTokenize(String text, boolean atTextStart, PieceSink sink) {
            String prefixed = addPrefixSpace && !text.startsWith(" ") ? " " + text : text;
            if (useRegex) {
                new Split(GPT2, SplitBehavior.ISOLATED, false).preTokenize(prefixed, atTextStart, sink);
            } else {
                sink.accept(prefixed.toCharArray(), 0, prefixed.length(), atTextStart);
            }
        }
    }

    /** SentencePiece's whitespace handling: spaces become {@code replacement}, optionally prefixed and split. */
    record Metaspace(char replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {
        /** When {@code Metaspace} prepends the replacement character. */
        enum PrependScheme { ALWAYS, FIRST, NEVER }

        @Override
        public void preTokenize(String text, boolean atTextStart, PieceSink sink) {
            if (text.isEmpty()) {
                return;
            }
            String replaced = text.replace(' ', replacement);
            boolean prepend = prependScheme == PrependScheme.ALWAYS
                    || (prependScheme == PrependScheme.FIRST && atTextStart);
            if (prepend && replaced.charAt(0) != replacement) {
                replaced = replacement + replaced;
            }
            if (split) {
                new Split(new MatchFinder.Literal(String.valueOf(replacement)), SplitBehavior.MERGED_WITH_NEXT, false)
                        .preTokenize(replaced, atTextStart, sink);
            } else {
                sink.accept(replaced.toCharArray(), 0, replaced.length(), atTextStart);
            }
        }
    }

    /** Splits digits off: each one alone, or runs of them together. */
    record Digits(boolean individualDigits) implements PreTokenizer {
        @Override
        public void preTokenize(String text, boolean atTextStart, PieceSink sink) {
            SplitBehavior behavior = individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS;
            new Split(new MatchFinder.NumericChars(), behavior, false).preTokenize(text, atTextStart, sink);
        }
    }
}
