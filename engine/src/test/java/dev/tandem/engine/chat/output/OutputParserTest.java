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

class OutputParserTest {

    private static final String WEATHER_PARIS =
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";
    private static final ToolCall WEATHER_CALL = new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}");
    private static final OutputParsing ALL = new OutputParsing(true, false, true);

    private static final List<OutputParsing> CONFIGURATIONS = List.of(
            OutputParsing.NONE,
            new OutputParsing(true, false, false),
            new OutputParsing(true, true, false),
            new OutputParsing(false, false, true),
            ALL,
            new OutputParsing(true, true, true));

    private static final List<String> FRAGMENTS = List.of(
            "<think>", "</think>", "<th", "</thi", WEATHER_PARIS, "<tool_call>", "</tool_call>", "<tool_",
            "{\"name\": \"f\", \"arguments\": {\"a\": 1}}", "{\"name\": ", "\n", "\n\n", " ", "a", "word",
            "é", "😀", "答案");

    @Test
    void qwen3ThinkingThenTextThenACall() {
        String output = "<think>\nThe user wants the weather.\n</think>\n\nLet me look it up.\n" + WEATHER_PARIS;
        AssistantMessage message = new OutputParser(ALL, new SequentialIds()).parse(output);
        assertEquals(new AssistantMessage("The user wants the weather.", "Let me look it up.\n",
                List.of(WEATHER_CALL)), message);
        assertTrue(message.hasToolCalls());
    }

    @Test
    void onlyACallAfterThinkingLeavesNullContent() {
        AssistantMessage message = new OutputParser(new OutputParsing(true, true, true), new SequentialIds())
                .parse("Need the weather tool.\n</think>\n\n" + WEATHER_PARIS);
        assertEquals(new AssistantMessage("Need the weather tool.", null, List.of(WEATHER_CALL)), message);
    }

    @Test
    void aToolCallWrittenWhileThinkingIsReasoningNotACall() {
        String output = "<think>maybe " + WEATHER_PARIS + "</think>No tool needed.";
        AssistantMessage message = new OutputParser(ALL, new SequentialIds()).parse(output);
        assertEquals(new AssistantMessage("maybe " + WEATHER_PARIS, "No tool needed.", List.of()), message);
        assertFalse(message.hasToolCalls());
    }

    @Test
    void disabledStagesLeaveTheirTagsAsContent() {
        String output = "<think>x</think>" + WEATHER_PARIS;
        assertEquals(new AssistantMessage(null, output, List.of()),
                new OutputParser(OutputParsing.NONE, new SequentialIds()).parse(output));
        assertEquals(new AssistantMessage("x", WEATHER_PARIS, List.of()),
                new OutputParser(new OutputParsing(true, false, false), new SequentialIds()).parse(output));
        assertEquals(new AssistantMessage(null, "<think>x</think>", List.of(WEATHER_CALL)),
                new OutputParser(new OutputParsing(false, false, true), new SequentialIds()).parse(output));
    }

    @Test
    void startingInReasoningNeedsReasoningParsing() {
        assertThrows(IllegalArgumentException.class, () -> new OutputParsing(false, true, true));
    }

    @Test
    void streamingTellsWhenACallWasProducedForTheFinishReason() {
        AssistantOutputStream stream = new OutputParser(ALL, new SequentialIds()).stream();
        assertEquals(new AssistantDelta("plan", "", List.of()), stream.accept("<think>plan</think>\n\n"));
        assertFalse(stream.producedToolCalls());
        assertEquals(new AssistantDelta("", "", List.of(new StreamedToolCall(0, WEATHER_CALL))),
                stream.accept(WEATHER_PARIS));
        assertTrue(stream.producedToolCalls());
        assertEquals(AssistantDelta.EMPTY, stream.finish());
        assertThrows(IllegalStateException.class, () -> stream.accept("x"));
    }

    @Test
    void finishReleasesAnUnterminatedBlockAsContent() {
        AssistantOutputStream stream = new OutputParser(ALL, new SequentialIds()).stream();
        assertEquals(new AssistantDelta("r", "a", List.of()), stream.accept("<think>r</think>a<tool_call>{\"n"));
        assertEquals(AssistantDelta.EMPTY, stream.accept("ame\""));
        assertEquals(new AssistantDelta("", "<tool_call>{\"name\"", List.of()), stream.finish());
    }

    @Test
    void finishPassesTextHeldByTheReasoningStageThroughTheToolCallStage() {
        AssistantOutputStream stream = new OutputParser(ALL, new SequentialIds()).stream();
        assertEquals(AssistantDelta.EMPTY, stream.accept("\n<th"));
        assertEquals(new AssistantDelta("", "\n<th", List.of()), stream.finish());
    }

    @Test
    void randomTextsSplitAtRandomMatchTheWholeTextParseInEveryConfiguration() {
        SplittableRandom random = new SplittableRandom(777);
        for (int i = 0; i < 3000; i++) {
            String text = TextSplits.compose(FRAGMENTS, random, 12);
            OutputParsing parsing = CONFIGURATIONS.get(random.nextInt(CONFIGURATIONS.size()));
            List<String> split = TextSplits.random(text, random);
            assertEquals(new OutputParser(parsing, new SequentialIds()).parse(text), streamed(parsing, split),
                    () -> parsing + " split " + split);
        }
    }

    @Test
    void everySplitOfAQwen3ExampleMatchesTheWholeTextParse() {
        String output = "<think>\n思考 🤔\n</think>\n\nVoilà:\n" + WEATHER_PARIS + "\n"
                + WEATHER_PARIS.replace("Paris", "Nice");
        AssistantMessage expected = new OutputParser(ALL, new SequentialIds()).parse(output);
        assertEquals(2, expected.toolCalls().size());
        for (List<String> split : TextSplits.everyTwoWaySplit(output)) {
            assertEquals(expected, streamed(ALL, split), () -> "split " + split);
        }
    }

    @Test
    void plainContentPassesStraightThrough() {
        AssistantOutputStream stream = new OutputParser(OutputParsing.NONE).stream();
        assertEquals(new AssistantDelta("", "<think>", List.of()), stream.accept("<think>"));
        assertNull(new OutputParser(OutputParsing.NONE).parse("x").reasoning());
    }

    private static AssistantMessage streamed(OutputParsing parsing, List<String> deltas) {
        AssistantOutputStream stream = new OutputParser(parsing, new SequentialIds()).stream();
        List<AssistantDelta> outputs = new ArrayList<>();
        for (String delta : deltas) {
            outputs.add(stream.accept(delta));
        }
        outputs.add(stream.finish());
        StringBuilder reasoning = new StringBuilder();
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (AssistantDelta out : outputs) {
            reasoning.append(out.reasoning());
            content.append(out.content());
            out.toolCalls().forEach(call -> calls.add(call.call()));
        }
        assertEquals(!calls.isEmpty(), stream.producedToolCalls());
        boolean nothingSaid = !calls.isEmpty() && content.isEmpty();
        return new AssistantMessage(reasoning.isEmpty() ? null : reasoning.toString(),
                nothingSaid ? null : content.toString(), calls);
    }
}
