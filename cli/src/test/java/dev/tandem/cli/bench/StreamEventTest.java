package dev.tandem.cli.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamEventTest {

    @Test
    void completionChunksWithTextAreContent() {
        assertTrue(StreamEvent.parse("data: {\"choices\":[{\"index\":0,\"text\":\" hi\"}]}").content());
        assertFalse(StreamEvent.parse("data: {\"choices\":[{\"index\":0,\"text\":\"\"}]}").content());
        assertTrue(StreamEvent.parse("data:{\"choices\":[{\"text\":\"x\"}]}").content(), "the space after data: is optional");
    }

    @Test
    void chatDeltasWithContentAreContentButRoleOnlyDeltasAreNot() {
        assertFalse(StreamEvent.parse("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}").content());
        assertTrue(StreamEvent.parse("data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}").content());
        assertTrue(StreamEvent.parse("data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"hm\"}}]}").content());
    }

    @Test
    void usageDoneErrorsAndOtherLines() {
        StreamEvent usage = StreamEvent.parse("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}}");
        assertEquals(new StreamEvent.Usage(7, 3), usage.usage());
        assertFalse(usage.content());
        assertTrue(StreamEvent.parse("data: [DONE]").done());
        assertEquals("worker died", StreamEvent.parse("data: {\"error\":{\"message\":\"worker died\"}}").error());
        assertTrue(StreamEvent.parse("data: {not json").error().startsWith("malformed stream chunk"));
        assertEquals(StreamEvent.NOTHING, StreamEvent.parse(""));
        assertEquals(StreamEvent.NOTHING, StreamEvent.parse(": keep-alive"));
        assertEquals(StreamEvent.NOTHING, StreamEvent.parse("event: message"));
    }

    private static final ServePrompt PROMPT = ServePrompt.ofIds(new int[]{1, 2, 3}, 3);

    @Test
    void aStreamIsTimedFromItsContentChunks() {
        List<String> lines = List.of(
                "data: {\"choices\":[{\"text\":\"\"}]}", "",
                "data: {\"choices\":[{\"text\":\"a\"}]}", "",
                "data: {\"choices\":[{\"text\":\"b\"}]}", "",
                "data: {\"choices\":[{\"text\":\"c\"}]}", "",
                "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":3}}", "",
                "data: [DONE]", "");
        RequestOutcome outcome = OpenAiStreamClient.timed(lines.iterator(), System.nanoTime(), PROMPT);
        assertNull(outcome.error());
        assertEquals(2, outcome.itlMs().length, "three content chunks, two gaps");
        assertEquals(4, outcome.inputTokens(), "the server's usage wins");
        assertEquals(3, outcome.outputTokens());
        assertTrue(outcome.ttftMs() >= 0 && outcome.e2eMs() >= outcome.ttftMs());
    }

    @Test
    void withoutUsageTheChunksAreCounted() {
        List<String> lines = List.of("data: {\"choices\":[{\"text\":\"a\"}]}", "data: {\"choices\":[{\"text\":\"b\"}]}", "data: [DONE]");
        RequestOutcome outcome = OpenAiStreamClient.timed(lines.iterator(), System.nanoTime(), PROMPT);
        assertEquals(2, outcome.outputTokens());
        assertEquals(3, outcome.inputTokens());
    }

    @Test
    void truncatedEmptyAndErroredStreamsFail() {
        assertEquals("the stream ended before data: [DONE]",
                OpenAiStreamClient.timed(List.of("data: {\"choices\":[{\"text\":\"a\"}]}").iterator(), 0, PROMPT).error());
        assertEquals("the stream carried no content", OpenAiStreamClient.timed(List.of("data: [DONE]").iterator(), 0, PROMPT).error());
        assertEquals("oom", OpenAiStreamClient.timed(List.of("data: {\"choices\":[{\"text\":\"a\"}]}",
                "data: {\"error\":{\"message\":\"oom\"}}", "data: [DONE]").iterator(), 0, PROMPT).error());
    }

    @Test
    void manyChunksGrowTheGapBuffer() {
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("data: {\"choices\":[{\"text\":\"t\"}]}");
        }
        lines.add("data: [DONE]");
        assertEquals(99, OpenAiStreamClient.timed(lines.iterator(), System.nanoTime(), PROMPT).itlMs().length);
    }
}
