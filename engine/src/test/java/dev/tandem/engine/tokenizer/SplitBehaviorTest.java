package dev.tandem.engine.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The five split behaviours and {@code invert}, on the delimiter "-" in "a-b--c". */
class SplitBehaviorTest {

    @Test
    void isolatedKeepsEverything() {
        assertEquals(List.of("a", "-", "b", "-", "-", "c"), split(SplitBehavior.ISOLATED, false));
    }

    @Test
    void removedDropsMatchesOrWithInvertTheGaps() {
        assertEquals(List.of("a", "b", "c"), split(SplitBehavior.REMOVED, false));
        assertEquals(List.of("-", "-", "-"), split(SplitBehavior.REMOVED, true));
    }

    @Test
    void mergedWithPreviousGluesAMatchToThePieceBefore() {
        assertEquals(List.of("a-", "b-", "-", "c"), split(SplitBehavior.MERGED_WITH_PREVIOUS, false));
    }

    @Test
    void mergedWithNextGluesAMatchToThePieceAfter() {
        assertEquals(List.of("a", "-b", "-", "-c"), split(SplitBehavior.MERGED_WITH_NEXT, false));
    }

    @Test
    void contiguousJoinsRunsOfMatches() {
        assertEquals(List.of("a", "-", "b", "--", "c"), split(SplitBehavior.CONTIGUOUS, false));
    }

    @Test
    void regexWithoutScannerIsUsedAsIs() {
        PreTokenizer split = new PreTokenizer.Split(SplitRegexes.finder("\\d+", "test"), SplitBehavior.REMOVED, false);
        assertEquals(List.of("ab", "cd"), Pieces.of(split, "ab12cd345", true));
    }

    private static List<String> split(SplitBehavior behavior, boolean invert) {
        return Pieces.of(new PreTokenizer.Split(new MatchFinder.Literal("-"), behavior, invert), "a-b--c", true);
    }
}
