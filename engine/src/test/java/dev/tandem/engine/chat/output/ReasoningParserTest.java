package dev.tandem.engine.chat.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReasoningParserTest {

    private final ReasoningParser fromOutput = new ReasoningParser(false);
    private final ReasoningParser fromPrompt = new ReasoningParser(true);

    @Test
    void qwen3ThinkingOutputSplitsAndDropsTheNewlinesAroundTheTags() {
        String output = "<think>\nThe user greets me.\n\nI should greet back.\n</think>\n\nHello! How can I help?";
        assertEquals(new ReasoningResult("The user greets me.\n\nI should greet back.", "Hello! How can I help?"),
                fromOutput.parse(output));
    }

    @Test
    void reasoningOpenedByThePromptEndsAtTheClosingTag() {
        String output = "Okay, 6 times 7.\n</think>\n\n42";
        assertEquals(new ReasoningResult("Okay, 6 times 7.", "42"), fromPrompt.parse(output));
    }

    @Test
    void anOpeningTagRepeatedByTheModelIsSwallowedWhenThePromptOpenedOneToo() {
        assertEquals(new ReasoningResult("hmm", "ok"), fromPrompt.parse("<think>\nhmm\n</think>\n\nok"));
    }

    @Test
    void withoutTagsAndWithThinkingDisabledEverythingIsContentUnchanged() {
        String output = "\n\nHello!\n";
        assertEquals(new ReasoningResult(null, output), fromOutput.parse(output));
    }

    @Test
    void aClosingTagWithoutAnOpeningOneIsContentWhenThePromptDidNotOpenReasoning() {
        String output = "text</think>more";
        assertEquals(new ReasoningResult(null, output), fromOutput.parse(output));
    }

    @Test
    void reasoningNeverClosedTakesTheWholeOutput() {
        assertEquals(new ReasoningResult("still thinking", ""), fromOutput.parse("<think>\nstill thinking\n"));
        assertEquals(new ReasoningResult("still thinking", ""), fromPrompt.parse("still thinking\n"));
    }

    @Test
    void anEmptyThinkBlockGivesNoReasoning() {
        assertEquals(new ReasoningResult(null, "Hi."), fromOutput.parse("<think>\n\n</think>\n\nHi."));
        assertEquals(new ReasoningResult(null, "Hi."), fromPrompt.parse("\n\n</think>\n\nHi."));
    }

    @Test
    void anOpeningTagAfterOtherTextIsOrdinaryText() {
        String output = "Wrap it in <think> tags: <think>x</think>";
        assertEquals(new ReasoningResult(null, output), fromOutput.parse(output));
    }

    @Test
    void whitespaceBeforeTheOpeningTagIsDropped() {
        assertEquals(new ReasoningResult("a", "b"), fromOutput.parse(" \n<think>a</think>b"));
    }

    @Test
    void onlyLineBreaksAreStrippedFromTheStartOfTheContent() {
        assertEquals(new ReasoningResult("plan", "    indented();\n"),
                fromOutput.parse("<think>plan</think>\r\n\n    indented();\n"));
    }

    @Test
    void onlyTheFirstClosingTagEndsTheReasoning() {
        assertEquals(new ReasoningResult("a", "b</think>c"), fromOutput.parse("<think>a</think>b</think>c"));
    }

    @Test
    void unicodeSurvivesOnBothSides() {
        String output = "<think>\n思考中 🤔 — naïve\n</think>\n\n答案是 42 ✓";
        assertEquals(new ReasoningResult("思考中 🤔 — naïve", "答案是 42 ✓"), fromOutput.parse(output));
    }

    @Test
    void emptyOutput() {
        assertEquals(new ReasoningResult(null, ""), fromOutput.parse(""));
        assertEquals(new ReasoningResult(null, ""), fromPrompt.parse(""));
    }

    @Test
    void aTruncatedOpeningTagIsText() {
        assertEquals(new ReasoningResult(null, "<thin"), fromOutput.parse("<thin"));
        assertEquals(new ReasoningResult("<thin", ""), fromPrompt.parse("<thin"));
    }
}
