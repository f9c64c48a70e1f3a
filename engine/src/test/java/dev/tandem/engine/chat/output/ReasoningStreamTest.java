package dev.tandem.engine.chat.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReasoningStreamTest {

    private static final List<String> EXAMPLES = List.of(
            "<think>\nThe user greets me.\n</think>\n\nHello!",
            "Okay.\n</think>\n\n42",
            "<think>\n\n</think>\n\nHi.",
            "  <think> a \n b </think>\r\n  c\n",
            "<think>never closed\n",
            "plain answer without tags",
            "<thinking>is not the tag</thinking>",
            "<think>思考 🤔</think>\n\n答案 ✓",
            "<think>a</think>b</think>c<think>d",
            "<<think>>",
            "");

    private static final List<String> FRAGMENTS = List.of(
            "<think>", "</think>", "<think", "</think", "<th", "ink>", "</", "<", ">", "/",
            "\n", "\n\n", "\r\n", " ", "\t", "a", "hello", "é", "日本語", "😀", "</thinking>");

    @Test
    void aPartialOpeningTagIsNeverLeakedAsContent() {
        ReasoningStream stream = new ReasoningParser(false).stream();
        assertEquals(ReasoningStream.Delta.EMPTY, stream.accept("<th"));
        assertEquals(ReasoningStream.Delta.EMPTY, stream.accept("ink>"));
        assertEquals(new ReasoningStream.Delta("why", ""), stream.accept("\nwhy"));
    }

    @Test
    void aPrefixThatStopsMatchingTheOpeningTagIsReleasedAsContent() {
        ReasoningStream stream = new ReasoningParser(false).stream();
        assertEquals(ReasoningStream.Delta.EMPTY, stream.accept("<thi"));
        assertEquals(new ReasoningStream.Delta("", "<this is html"), stream.accept("s is html"));
    }

    @Test
    void reasoningIsReleasedEagerlyAndAPartialClosingTagIsHeldBack() {
        ReasoningStream stream = new ReasoningParser(false).stream();
        assertEquals(new ReasoningStream.Delta("step one", ""), stream.accept("<think>\nstep one"));
        assertEquals(ReasoningStream.Delta.EMPTY, stream.accept("\n</thi"));
        assertEquals(ReasoningStream.Delta.EMPTY, stream.accept("nk>\n"));
        assertEquals(new ReasoningStream.Delta("", "Done"), stream.accept("\nDone"));
        assertEquals(ReasoningStream.Delta.EMPTY, stream.finish());
    }

    @Test
    void whitespaceInsideTheReasoningIsKeptOnceMoreReasoningFollows() {
        ReasoningStream stream = new ReasoningParser(true).stream();
        assertEquals(new ReasoningStream.Delta("one", ""), stream.accept("\none\n\n"));
        assertEquals(new ReasoningStream.Delta("\n\ntwo", ""), stream.accept("two"));
    }

    @Test
    void aTextThatLooksLikeTheStartOfAClosingTagIsReleasedWhenItDiverges() {
        ReasoningStream stream = new ReasoningParser(true).stream();
        assertEquals(new ReasoningStream.Delta("x", ""), stream.accept("x</th"));
        assertEquals(new ReasoningStream.Delta("</thorn", ""), stream.accept("orn"));
    }

    @Test
    void finishReleasesAHeldTagPrefixAsText() {
        ReasoningStream contentFirst = new ReasoningParser(false).stream();
        assertEquals(ReasoningStream.Delta.EMPTY, contentFirst.accept("  <thin"));
        assertEquals(new ReasoningStream.Delta("", "  <thin"), contentFirst.finish());

        ReasoningStream reasoningFirst = new ReasoningParser(true).stream();
        assertEquals(new ReasoningStream.Delta("idea", ""), reasoningFirst.accept("idea</think"));
        assertEquals(new ReasoningStream.Delta("</think", ""), reasoningFirst.finish());
    }

    @Test
    void reportsWhetherItIsInsideTheReasoning() {
        ReasoningStream stream = new ReasoningParser(false).stream();
        assertFalse(stream.inReasoning());
        stream.accept("<think>a");
        assertTrue(stream.inReasoning());
        stream.accept("</think>b");
        assertFalse(stream.inReasoning());
        assertTrue(new ReasoningParser(true).stream().inReasoning());
    }

    @Test
    void acceptsNothingAfterFinishing() {
        ReasoningStream stream = new ReasoningParser(false).stream();
        stream.finish();
        assertThrows(IllegalStateException.class, () -> stream.accept("x"));
        assertThrows(IllegalStateException.class, stream::finish);
    }

    @Test
    void everySplitPositionAndSingleCharactersMatchTheWholeTextParse() {
        for (boolean startsInReasoning : new boolean[] {false, true}) {
            ReasoningParser parser = new ReasoningParser(startsInReasoning);
            for (String example : EXAMPLES) {
                ReasoningResult expected = parser.parse(example);
                for (List<String> split : TextSplits.everyTwoWaySplit(example)) {
                    assertEquals(expected, streamed(parser, split), () -> "split " + split);
                }
                assertEquals(expected, streamed(parser, TextSplits.characters(example)), example);
            }
        }
    }

    @Test
    void randomTextsSplitAtRandomMatchTheWholeTextParse() {
        SplittableRandom random = new SplittableRandom(20250214);
        for (int i = 0; i < 4000; i++) {
            String text = TextSplits.compose(FRAGMENTS, random, 12);
            ReasoningParser parser = new ReasoningParser(random.nextBoolean());
            List<String> split = TextSplits.random(text, random);
            assertEquals(parser.parse(text), streamed(parser, split),
                    () -> "startsInReasoning=" + parser.startsInReasoning() + " split " + split);
        }
    }

    /** Streams the deltas and gathers what came out, an empty reasoning standing for none. */
    private static ReasoningResult streamed(ReasoningParser parser, List<String> deltas) {
        ReasoningStream stream = parser.stream();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        for (String delta : deltas) {
            ReasoningStream.Delta out = stream.accept(delta);
            reasoning.append(out.reasoning());
            content.append(out.content());
        }
        ReasoningStream.Delta last = stream.finish();
        reasoning.append(last.reasoning());
        content.append(last.content());
        return new ReasoningResult(reasoning.isEmpty() ? null : reasoning.toString(), content.toString());
    }
}
