package dev.tandem.engine.tokenizer;

/**
 * What a {@code Split} pre-tokenizer does with the matches of its pattern ({@code SplitDelimiterBehavior} in
 * Hugging Face): the text is first cut into alternating spans of matches and gaps, then the spans are kept,
 * dropped or glued together as below.
 */
enum SplitBehavior {
    /** Every match and every gap is a piece. */
    ISOLATED,
    /** Matches are dropped, gaps are pieces. */
    REMOVED,
    /** A match is glued to the piece before it. */
    MERGED_WITH_PREVIOUS,
    /** A match is glued to the piece after it. */
    MERGED_WITH_NEXT,
    /** Consecutive matches form one piece (and so do consecutive gaps). */
    CONTIGUOUS;

    /** The behavior named as in {@code tokenizer.json} ({@code "Isolated"}, {@code "MergedWithPrevious"}, ...). */
    static SplitBehavior fromJsonName(String name, JsonCursor where) {
        return switch (name) {
            case "Isolated" -> ISOLATED;
            case "Removed" -> REMOVED;
            case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> MERGED_WITH_NEXT;
            case "Contiguous" -> CONTIGUOUS;
            default -> throw where.problem("is \"" + name + "\", not one of Isolated, Removed, "
                    + "MergedWithPrevious, MergedWithNext, Contiguous");
        };
    }

    /**
     * Turns the spans ({@code starts[i], ends[i], isMatch[i]} tiling the text, in order) into pieces as
     * {@code [start, end)} pairs appended to {@code out}.
     */
    void apply(IntList spans, IntList out) {
        int count = spans.size() / 3;
        switch (this) {
            case ISOLATED -> {
                for (int s = 0; s < count; s++) {
                    out.add(spans.get(3 * s));
                    out.add(spans.get(3 * s + 1));
                }
            }
            case REMOVED -> {
                for (int s = 0; s < count; s++) {
                    if (spans.get(3 * s + 2) == 0) {
                        out.add(spans.get(3 * s));
                        out.add(spans.get(3 * s + 1));
                    }
                }
            }
            case MERGED_WITH_PREVIOUS, CONTIGUOUS -> {
                boolean previousMatch = false;
                for (int s = 0; s < count; s++) {
                    boolean match = spans.get(3 * s + 2) != 0;
                    boolean glue = this == CONTIGUOUS ? match == previousMatch : match && !previousMatch;
                    if (glue && out.size() > 0) {
                        out.removeLast();
                        out.add(spans.get(3 * s + 1));
                    } else {
                        out.add(spans.get(3 * s));
                        out.add(spans.get(3 * s + 1));
                    }
                    previousMatch = match;
                }
            }
            case MERGED_WITH_NEXT -> {
                IntList reversed = new IntList(2 * count);
                boolean previousMatch = false;
                for (int s = count - 1; s >= 0; s--) {
                    boolean match = spans.get(3 * s + 2) != 0;
                    if (match && !previousMatch && reversed.size() > 0) {
                        int end = reversed.get(reversed.size() - 1);
                        reversed.removeLast();
                        reversed.removeLast();
                        reversed.add(spans.get(3 * s));
                        reversed.add(end);
                    } else {
                        reversed.add(spans.get(3 * s));
                        reversed.add(spans.get(3 * s + 1));
                    }
                    previousMatch = match;
                }
                for (int p = reversed.size() / 2 - 1; p >= 0; p--) {
                    out.add(reversed.get(2 * p));
                    out.add(reversed.get(2 * p + 1));
                }
            }
        }
    }
}
