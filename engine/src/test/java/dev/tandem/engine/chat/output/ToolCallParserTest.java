package dev.tandem.engine.chat.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ToolCallParserTest {

    private static final String WEATHER_PARIS =
            "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";
    private static final String TIME_PARIS =
            "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"zone\": \"Europe/Paris\"}}\n</tool_call>";

    private final ToolCallParser parser = new ToolCallParser(new SequentialIds());

    @Test
    void aLoneQwen3ToolCallLeavesNoContent() {
        ToolCallResult result = parser.parse(WEATHER_PARIS);
        assertNull(result.content());
        assertEquals(List.of(new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}")), result.toolCalls());
        assertTrue(result.hasToolCalls());
    }

    @Test
    void textBeforeTheCallIsContent() {
        ToolCallResult result = parser.parse("Let me check the weather.\n\n" + WEATHER_PARIS);
        assertEquals("Let me check the weather.\n\n", result.content());
        assertEquals("get_weather", result.toolCalls().getFirst().name());
    }

    @Test
    void twoCallsInOrderWithDistinctIdsAndOnlyWhitespaceBetween() {
        ToolCallResult result = parser.parse(WEATHER_PARIS + "\n" + TIME_PARIS + "\n");
        assertNull(result.content());
        assertEquals(List.of(
                new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_1", "get_time", "{\"zone\":\"Europe/Paris\"}")), result.toolCalls());
    }

    @Test
    void textAroundAndBetweenCallsIsConcatenated() {
        ToolCallResult result = parser.parse("Before " + WEATHER_PARIS + " middle " + TIME_PARIS + " after");
        assertEquals("Before  middle  after", result.content());
        assertEquals(2, result.toolCalls().size());
    }

    @Test
    void malformedBlocksStayInTheContentUnchanged() {
        List<String> malformed = List.of(
                "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Par</tool_call>",
                "<tool_call>{\"arguments\": {\"city\": \"Paris\"}}</tool_call>",
                "<tool_call>{\"name\": 42}</tool_call>",
                "<tool_call>{\"name\": \"  \"}</tool_call>",
                "<tool_call>{\"name\": \"f\", \"arguments\": [1, 2]}</tool_call>",
                "<tool_call>[{\"name\": \"f\"}]</tool_call>",
                "<tool_call>{\"name\": \"f\"} {\"name\": \"g\"}</tool_call>",
                "<tool_call></tool_call>",
                "<tool_call>get_weather(city=\"Paris\")</tool_call>");
        for (String block : malformed) {
            String text = "Hi " + block + " bye";
            assertEquals(new ToolCallResult(text, List.of()), parser.parse(text), block);
        }
    }

    @Test
    void aMalformedBlockDrawsNoIdAndNeighbouringCallsStillParse() {
        String bad = "<tool_call>{oops}</tool_call>";
        ToolCallResult result = parser.parse(bad + "\n" + WEATHER_PARIS);
        assertEquals(bad + "\n", result.content());
        assertEquals("call_0", result.toolCalls().getFirst().id());
    }

    @Test
    void argumentsGivenAsAStringAreKeptExactlyAsGiven() {
        String text = "<tool_call>{\"name\": \"f\", \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}</tool_call>";
        assertEquals("{\"city\": \"Paris\"}", parser.parse(text).toolCalls().getFirst().argumentsJson());
    }

    @Test
    void missingOrNullArgumentsBecomeAnEmptyObject() {
        assertEquals("{}", parser.parse("<tool_call>{\"name\": \"now\"}</tool_call>")
                .toolCalls().getFirst().argumentsJson());
        assertEquals("{}", parser.parse("<tool_call>{\"name\": \"now\", \"arguments\": null}</tool_call>")
                .toolCalls().getFirst().argumentsJson());
    }

    @Test
    void parametersAreAcceptedInPlaceOfArguments() {
        ToolCall call = parser.parse("<tool_call>{\"name\": \"f\", \"parameters\": {\"x\": 1}}</tool_call>")
                .toolCalls().getFirst();
        assertEquals("{\"x\":1}", call.argumentsJson());
    }

    @Test
    void argumentsAreCompactedWithKeyOrderNumbersAndUnicodeKept() {
        String text = "<tool_call>{\"name\": \"f\", \"arguments\": {\"z\": 1.0, \"a\": "
                + "12345678901234567890.125, \"city\": \"Zürich 東京 😀\", \"nested\": {\"list\": [1, true, null]}}}"
                + "</tool_call>";
        assertEquals("{\"z\":1.0,\"a\":12345678901234567890.125,\"city\":\"Zürich 東京 😀\","
                        + "\"nested\":{\"list\":[1,true,null]}}",
                parser.parse(text).toolCalls().getFirst().argumentsJson());
    }

    @Test
    void anUnterminatedBlockIsContent() {
        String text = "Sure. <tool_call>\n{\"name\": \"get_weather\", \"arguments\": {";
        assertEquals(new ToolCallResult(text, List.of()), parser.parse(text));
    }

    @Test
    void aBlockRunsToTheFirstClosingTagSoANestedOpeningTagMakesItMalformed() {
        String text = "<tool_call>x " + WEATHER_PARIS;
        assertEquals(new ToolCallResult(text, List.of()), parser.parse(text));
    }

    @Test
    void textWithoutCallsIsReturnedExactlyEvenWhenBlank() {
        for (String text : List.of("", "  \n", "Just an answer, with a </tool_call> stray tag.")) {
            ToolCallResult result = parser.parse(text);
            assertEquals(text, result.content());
            assertFalse(result.hasToolCalls());
        }
    }

    @Test
    void seededIdsMakeResultsReproducible() {
        ToolCallParser first = new ToolCallParser(new RandomToolCallIds(new SplittableRandom(3)));
        ToolCallParser second = new ToolCallParser(new RandomToolCallIds(new SplittableRandom(3)));
        ToolCallResult result = first.parse(WEATHER_PARIS + TIME_PARIS);
        assertEquals(result, second.parse(WEATHER_PARIS + TIME_PARIS));
        assertTrue(result.toolCalls().getFirst().id().matches("call_[A-Za-z0-9]{24}"));
    }
}
