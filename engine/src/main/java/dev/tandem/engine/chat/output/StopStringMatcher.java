package dev.tandem.engine.chat.output;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Watches a stream of generated text for stop strings (OpenAI's {@code stop}), releasing the text that
 * can no longer be part of one.
 *
 * <p>The output is cut at the stop string whose occurrence <em>ends</em> first in the text; of two
 * occurrences ending at the same place, the longer one (which starts earlier) wins. Neither the stop
 * string nor anything after it is released. Ending first, rather than starting first, is what lets the
 * engine stop generating on the very token that completes a stop string, without waiting to learn
 * whether an overlapping longer one started earlier; the two rules differ only for stop strings that
 * overlap one another, such as {@code "bcd"} and {@code "c"} in {@code "abcd"}, where the output ends
 * with {@code "ab"}. For any split of a text into deltas, what the matcher releases, concatenated, is
 * that same prefix.
 *
 * <p>Empty stop strings are ignored. One instance serves one output; it is not thread-safe.
 */
public final class StopStringMatcher {

    /**
     * What one delta released.
     *
     * @param text       text safe to emit, never null
     * @param stopString the stop string that just matched, or null
     */
    public record Result(String text, String stopString) {

        public static final Result NOTHING = new Result("", null);

        public Result {
            Objects.requireNonNull(text, "text");
        }

        /** Whether generation should stop: a stop string matched at the end of this text. */
        public boolean stopped() {
            return stopString != null;
        }
    }

    /** Longest first, so that of matches ending at one position the longer is found first. */
    private final List<String> stopStrings;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;
    private boolean finished;

    public StopStringMatcher(Collection<String> stopStrings) {
        this.stopStrings = stopStrings.stream()
                .filter(stop -> !stop.isEmpty())
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    /** The stop strings in use, longest first. */
    public List<String> stopStrings() {
        return stopStrings;
    }

    /**
     * Feeds the next delta. Once a stop string has matched, later deltas are discarded and release
     * nothing.
     */
    public Result accept(String delta) {
        if (finished) {
            throw new IllegalStateException("matcher already finished");
        }
        if (stopped) {
            return Result.NOTHING;
        }
        int searchedUpTo = held.length(); // the held text contains no complete stop string
        held.append(delta);
        for (int end = searchedUpTo + 1; end <= held.length(); end++) {
            String stop = stopEndingAt(end);
            if (stop != null) {
                String text = held.substring(0, end - stop.length());
                held.setLength(0);
                stopped = true;
                return new Result(text, stop);
            }
        }
        int keep = heldLength();
        String text = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return text.isEmpty() ? Result.NOTHING : new Result(text, null);
    }

    /** Ends the output: no stop string can complete any more, so the held text is released. */
    public Result finish() {
        if (finished) {
            throw new IllegalStateException("matcher already finished");
        }
        finished = true;
        String text = held.toString();
        held.setLength(0);
        return text.isEmpty() ? Result.NOTHING : new Result(text, null);
    }

    /** Whether a stop string has matched. */
    public boolean stopped() {
        return stopped;
    }

    private String stopEndingAt(int end) {
        for (String stop : stopStrings) {
            int start = end - stop.length();
            if (start >= 0 && heldMatches(stop, start)) {
                return stop;
            }
        }
        return null;
    }

    private boolean heldMatches(String stop, int start) {
        for (int i = 0; i < stop.length(); i++) {
            if (held.charAt(start + i) != stop.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int heldLength() {
        int keep = 0;
        for (String stop : stopStrings) {
            keep = Math.max(keep, PartialMarker.heldLength(held, stop));
        }
        return keep;
    }
}
