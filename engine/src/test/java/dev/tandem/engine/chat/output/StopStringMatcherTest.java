package dev.tandem.engine.chat.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StopStringMatcherTest {

    private static final List<String> ALPHABET = List.of("a", "b", "c", "ab", "\n", "é", "😀", "<", "/");
    private static final List<String> CANDIDATE_STOPS =
            List.of("a", "ab", "abc", "bca", "cab", "aab", "\n\n", "😀b", "</", "é\n", "bb", "abab");

    @Test
    void cutsBeforeTheStopStringAndReportsIt() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("\nUser:"));
        assertEquals(new StopStringMatcher.Result("Hello", null), matcher.accept("Hello"));
        StopStringMatcher.Result result = matcher.accept(" there\nUser: more");
        assertEquals(new StopStringMatcher.Result(" there", "\nUser:"), result);
        assertTrue(result.stopped());
        assertTrue(matcher.stopped());
    }

    @Test
    void holdsBackAPossibleStartOfAStopStringAcrossDeltas() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("###"));
        assertEquals(new StopStringMatcher.Result("x", null), matcher.accept("x#"));
        assertEquals(StopStringMatcher.Result.NOTHING, matcher.accept("#"));
        assertEquals(new StopStringMatcher.Result("", "###"), matcher.accept("#tail"));
    }

    @Test
    void releasesHeldTextOnceItCanNoLongerBecomeAStopString() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("###"));
        assertEquals(new StopStringMatcher.Result("a", null), matcher.accept("a##"));
        assertEquals(new StopStringMatcher.Result("##b", null), matcher.accept("b"));
        assertFalse(matcher.stopped());
    }

    @Test
    void finishReleasesTheHeldText() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("END"));
        assertEquals(new StopStringMatcher.Result("the ", null), matcher.accept("the EN"));
        assertEquals(new StopStringMatcher.Result("EN", null), matcher.finish());
        assertThrows(IllegalStateException.class, () -> matcher.accept("x"));
    }

    @Test
    void aStopStringAtTheVeryStartLeavesNothing() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("STOP"));
        assertEquals(new StopStringMatcher.Result("", "STOP"), matcher.accept("STOP and more"));
    }

    @Test
    void deltasAfterAStopAreDiscarded() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("!"));
        assertTrue(matcher.accept("hi!").stopped());
        assertEquals(StopStringMatcher.Result.NOTHING, matcher.accept("more"));
        assertEquals(StopStringMatcher.Result.NOTHING, matcher.finish());
    }

    @Test
    void withoutStopStringsTextPassesStraightThrough() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("", ""));
        assertEquals(List.of(), matcher.stopStrings());
        assertEquals(new StopStringMatcher.Result("anything", null), matcher.accept("anything"));
    }

    @Test
    void theOccurrenceEndingFirstWinsOverOneStartingEarlier() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("bcd", "c"));
        assertEquals(new StopStringMatcher.Result("ab", "c"), matcher.accept("abcd"));
    }

    @Test
    void ofOccurrencesEndingTogetherTheLongerWins() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("bc", "abc"));
        assertEquals(new StopStringMatcher.Result("x", "abc"), matcher.accept("xabcd"));
        assertEquals(List.of("abc", "bc"), matcher.stopStrings());
    }

    @Test
    void unicodeStopStrings() {
        StopStringMatcher matcher = new StopStringMatcher(List.of("😀 fin"));
        assertEquals(new StopStringMatcher.Result("voilà ", null), matcher.accept("voilà 😀"));
        assertEquals(new StopStringMatcher.Result("", "😀 fin"), matcher.accept(" fin"));
    }

    @Test
    void randomTextsSplitAtRandomAreCutWhereTheFirstStopStringEnds() {
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 5000; i++) {
            String text = TextSplits.compose(ALPHABET, random, 16);
            List<String> stops = new ArrayList<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                stops.add(CANDIDATE_STOPS.get(random.nextInt(CANDIDATE_STOPS.size())));
            }
            List<String> split = TextSplits.random(text, random);
            StopStringMatcher.Result expected = firstStop(text, stops);
            assertEquals(expected, streamed(new StopStringMatcher(stops), split),
                    () -> "stops " + stops + " split " + split);
        }
    }

    @Test
    void theReferenceCutIsRight() {
        assertEquals(new StopStringMatcher.Result("ab", "c"), firstStop("abcd", List.of("bcd", "c")));
        assertEquals(new StopStringMatcher.Result("abcd", null), firstStop("abcd", List.of("x")));
        assertNull(firstStop("", List.of("x")).stopString());
    }

    /** Reference rule, by brute force: the occurrence ending first, the longer of those ending together. */
    private static StopStringMatcher.Result firstStop(String text, List<String> stops) {
        for (int end = 1; end <= text.length(); end++) {
            String best = null;
            for (String stop : stops) {
                boolean endsHere = end >= stop.length() && text.startsWith(stop, end - stop.length());
                if (endsHere && (best == null || stop.length() > best.length())) {
                    best = stop;
                }
            }
            if (best != null) {
                return new StopStringMatcher.Result(text.substring(0, end - best.length()), best);
            }
        }
        return new StopStringMatcher.Result(text, null);
    }

    /** Feeds the deltas, checking that the stop is reported exactly once, and gathers what was released. */
    private static StopStringMatcher.Result streamed(StopStringMatcher matcher, List<String> deltas) {
        StringBuilder text = new StringBuilder();
        String stop = null;
        List<StopStringMatcher.Result> results = new ArrayList<>();
        for (String delta : deltas) {
            results.add(matcher.accept(delta));
        }
        results.add(matcher.finish());
        for (StopStringMatcher.Result result : results) {
            text.append(result.text());
            if (result.stopped()) {
                assertNull(stop, "stop reported twice");
                stop = result.stopString();
            }
        }
        assertEquals(stop != null, matcher.stopped());
        return new StopStringMatcher.Result(text.toString(), stop);
    }
}
