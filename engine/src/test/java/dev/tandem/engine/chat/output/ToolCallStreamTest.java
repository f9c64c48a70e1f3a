package dev.tandem.engine.chat.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ToolCallStreamTest {

    private static final String WEATHER_PARIS =
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";
    private static final ToolCall WEATHER_CALL = new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}");

    private static final List<String> EXAMPLES = List.of(
            WEATHER_PARIS,
            "Let me check.\n\n" + WEATHER_PARIS + "\n" + WEATHER_PARIS.replace("Paris", "Oslo") + "\n",
            "Hi <tool_call>{oops}</tool_call> bye " + WEATHER_PARIS + " after",
            "Sure. <tool_call>\n{\"name\": \"f\", \"arguments\": {",
            "<tool_call>x " + WEATHER_PARIS,
            "<tool_call>{\"name\": \"f\", \"arguments\": \"{\\\"a\\\": 1}\"}</tool_call>",
            "naïve 東京 😀 <tool_call>{\"name\": \"ü\", \"arguments\": {\"q\": \"😀\"}}</tool_call>",
            "  \n ",
            "<tool_<tool_call></tool_call></tool_call>",
            "");

    private static final List<String> FRAGMENTS = List.of(
            WEATHER_PARIS, "<tool_call>", "</tool_call>", "<tool_", "</tool", "<", ">",
            "{\"name\": \"f\", \"arguments\": {\"a\": 1}}", "{\"name\": \"g\"}", "{\"name\": ", "{\"arguments\": {}}",
            "not json", "\n", "\n\n", " ", "text", "é", "😀", "日本");

    @Test
    void textOutsideBlocksIsReleasedAtOnceButAPossibleOpeningTagIsHeld() {
        ToolCallStream stream = new ToolCallParser(new SequentialIds()).stream();
        assertEquals(new ToolCallStream.Delta("Checking", List.of()), stream.accept("Checking"));
        assertEquals(new ToolCallStream.Delta(" now", List.of()), stream.accept(" now<tool"));
        assertEquals(new ToolCallStream.Delta("<tools> ok", List.of()), stream.accept("s> ok"));
    }

    @Test
    void aCallIsReleasedWholeByTheDeltaThatClosesIt() {
        ToolCallStream stream = new ToolCallParser(new SequentialIds()).stream();
        assertEquals(ToolCallStream.Delta.EMPTY, stream.accept("<tool_call>\n{\"name\": \"get_weather\", "));
        assertEquals(ToolCallStream.Delta.EMPTY, stream.accept("\"arguments\": {\"city\": \"Paris\"}}\n</tool_"));
        assertFalse(stream.producedToolCalls());
        assertEquals(new ToolCallStream.Delta("", List.of(new StreamedToolCall(0, WEATHER_CALL))),
                stream.accept("call>"));
        assertTrue(stream.producedToolCalls());
        assertEquals(ToolCallStream.Delta.EMPTY, stream.accept("\n"));
        assertEquals(ToolCallStream.Delta.EMPTY, stream.finish());
    }

    @Test
    void indicesCountTheCallsOfTheOutput() {
        ToolCallStream stream = new ToolCallParser(new SequentialIds()).stream();
        ToolCallStream.Delta delta = stream.accept(WEATHER_PARIS + "\n" + WEATHER_PARIS);
        assertEquals(List.of(0, 1), delta.toolCalls().stream().map(StreamedToolCall::index).toList());
        assertEquals(List.of("call_0", "call_1"), delta.toolCalls().stream().map(c -> c.call().id()).toList());
    }

    @Test
    void aMalformedBlockIsReleasedAsContentOnceClosed() {
        ToolCallStream stream = new ToolCallParser(new SequentialIds()).stream();
        assertEquals(ToolCallStream.Delta.EMPTY, stream.accept("<tool_call>{oops}"));
        assertEquals(new ToolCallStream.Delta("<tool_call>{oops}</tool_call>", List.of()),
                stream.accept("</tool_call>"));
    }

    @Test
    void anUnterminatedBlockIsReleasedAsContentAtFinish() {
        ToolCallStream stream = new ToolCallParser(new SequentialIds()).stream();
        assertEquals(new ToolCallStream.Delta("Sure. ", List.of()), stream.accept("Sure. <tool_call>{\"na"));
        assertEquals(new ToolCallStream.Delta("<tool_call>{\"na", List.of()), stream.finish());
    }

    @Test
    void whitespaceBeforeACallIsNeverSent() {
        ToolCallStream stream = new ToolCallParser(new SequentialIds()).stream();
        assertEquals(ToolCallStream.Delta.EMPTY, stream.accept("\n\n"));
        assertEquals(new ToolCallStream.Delta("", List.of(new StreamedToolCall(0, WEATHER_CALL))),
                stream.accept(WEATHER_PARIS));
        assertEquals(ToolCallStream.Delta.EMPTY, stream.finish());
    }

    @Test
    void whitespaceIsSentWithTheVisibleTextThatFollowsItOrAtFinishWhenThereWasNoCall() {
        ToolCallStream visible = new ToolCallParser(new SequentialIds()).stream();
        assertEquals(ToolCallStream.Delta.EMPTY, visible.accept("\n "));
        assertEquals(new ToolCallStream.Delta("\n Hi\n", List.of()), visible.accept("Hi\n"));

        ToolCallStream blank = new ToolCallParser(new SequentialIds()).stream();
        assertEquals(ToolCallStream.Delta.EMPTY, blank.accept("\n "));
        assertEquals(new ToolCallStream.Delta("\n ", List.of()), blank.finish());
    }

    @Test
    void acceptsNothingAfterFinishing() {
        ToolCallStream stream = new ToolCallParser(new SequentialIds()).stream();
        stream.finish();
        assertThrows(IllegalStateException.class, () -> stream.accept("x"));
    }

    @Test
    void everySplitPositionAndSingleCharactersMatchTheWholeTextParse() {
        for (String example : EXAMPLES) {
            ToolCallResult expected = new ToolCallParser(new SequentialIds()).parse(example);
            for (List<String> split : TextSplits.everyTwoWaySplit(example)) {
                assertEquals(expected, streamed(split), () -> "split " + split);
            }
            assertEquals(expected, streamed(TextSplits.characters(example)), example);
        }
    }

    @Test
    void randomTextsSplitAtRandomMatchTheWholeTextParse() {
        SplittableRandom random = new SplittableRandom(424242);
        for (int i = 0; i < 4000; i++) {
            String text = TextSplits.compose(FRAGMENTS, random, 10);
            List<String> split = TextSplits.random(text, random);
            assertEquals(new ToolCallParser(new SequentialIds()).parse(text), streamed(split),
                    () -> "split " + split);
        }
    }

    /** Streams the deltas with fresh sequential ids and gathers the result in the non-streaming shape. */
    private static ToolCallResult streamed(List<String> deltas) {
        ToolCallStream stream = new ToolCallParser(new SequentialIds()).stream();
        StringBuilder content = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        List<ToolCallStream.Delta> outputs = new ArrayList<>();
        for (String delta : deltas) {
            outputs.add(stream.accept(delta));
        }
        outputs.add(stream.finish());
        for (ToolCallStream.Delta out : outputs) {
            content.append(out.content());
            for (StreamedToolCall call : out.toolCalls()) {
                assertEquals(calls.size(), call.index(), "indices follow the order of the calls");
                calls.add(call.call());
            }
        }
        assertEquals(!calls.isEmpty(), stream.producedToolCalls());
        boolean nothingSaid = !calls.isEmpty() && content.isEmpty();
        return new ToolCallResult(nothingSaid ? null : content.toString(), calls);
    }
}
