package dev.tandem.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.worker.ScriptedDecodeService.Complete;
import dev.tandem.gateway.worker.ScriptedWorkerResource;
import dev.tandem.gateway.worker.ScriptedWorkers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's split of Qwen3 output into reasoning, content and tool calls, through the HTTP API: a scripted
 * worker forces the completion text, tokenized with the real Qwen3 tokenizer of ../shared/models/qwen3-tiny-random.
 */
@QuarkusTest
@EnabledIf(value = "dev.tandem.gateway.worker.SharedModels#qwen3TinyRandomPresent",
        disabledReason = "needs ../shared/models/qwen3-tiny-random")
@WithTestResource(value = ScriptedWorkerResource.class, initArgs = @ResourceArg(name = "model", value = "shared"))
class ReasoningAndToolCallsTest {

    static final String THINKING = "<think>\nI should call the tool.\n</think>\n\n";
    static final String TOOL_CALL = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";
    static final List<Map<String, Object>> TOOLS = List.of(Map.of("type", "function", "function", Map.of(
            "name", "get_weather", "description", "The weather in a city",
            "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")),
                    "required", List.of("city")))));
    static final ObjectMapper JSON = new ObjectMapper();

    @ScriptedWorkers.Inject
    ScriptedWorkers workers;

    private static Map<String, Object> chat(Object... overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("model", "qwen",
                "messages", List.of(Map.of("role", "user", "content", "What is the weather in Paris?"))));
        for (int i = 0; i < overrides.length; i += 2) {
            body.put((String) overrides[i], overrides[i + 1]);
        }
        return body;
    }

    private static JsonPath message(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/chat/completions")
                .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    private static List<JsonPath> stream(Map<String, Object> body) {
        body.put("stream", true);
        return Sse.chunks(given().contentType(ContentType.JSON).body(body).when().post("/v1/chat/completions")
                .then().statusCode(200).extract().asString());
    }

    /** The non-empty pieces of {@code field} joined, or null without any (the role chunk's content is ""). */
    private static String joined(List<JsonPath> chunks, String field) {
        StringBuilder text = new StringBuilder();
        boolean any = false;
        for (JsonPath chunk : chunks) {
            String piece = chunk.getString("choices[0].delta." + field);
            if (piece != null && !piece.isEmpty()) {
                text.append(piece);
                any = true;
            }
        }
        return any ? text.toString() : null;
    }

    private static String finishReason(List<JsonPath> chunks) {
        return chunks.getLast().getString("choices[0].finish_reason");
    }

    private static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void thinkingSplitsReasoningFromContent() {
        workers.playAll(new Complete(THINKING + "It is sunny in Paris."));
        JsonPath response = message(chat());
        assertEquals("I should call the tool.", response.getString("choices[0].message.reasoning_content"));
        assertEquals("It is sunny in Paris.", response.getString("choices[0].message.content"));
        assertEquals("stop", response.getString("choices[0].finish_reason"));
        // the worker streamed the text's ids then an end-of-sequence id, which counts but never shows
        assertEquals(workers.get(0).ids(THINKING + "It is sunny in Paris.").length + 1,
                response.getInt("usage.completion_tokens"));

        List<JsonPath> chunks = stream(chat());
        assertEquals("I should call the tool.", joined(chunks, "reasoning_content").strip());
        assertEquals("It is sunny in Paris.", joined(chunks, "content"));
        assertEquals("stop", finishReason(chunks));
    }

    @Test
    void withThinkingDisabledTheOutputIsAllContent() {
        workers.playAll(new Complete("It is sunny in Paris."));
        Map<String, Object> body = chat("chat_template_kwargs", Map.of("enable_thinking", false));
        JsonPath response = message(body);
        assertNull(response.getString("choices[0].message.reasoning_content"));
        assertEquals("It is sunny in Paris.", response.getString("choices[0].message.content"));
        // Qwen3's template closes an empty think section in the prompt when thinking is off
        String prompt = workers.get(0).decode(workers.get(0).requests().getLast().getPromptIdsList());
        assertTrue(prompt.endsWith("<think>\n\n</think>\n\n"), prompt);

        List<JsonPath> chunks = stream(body);
        assertNull(joined(chunks, "reasoning_content"));
        assertEquals("It is sunny in Paris.", joined(chunks, "content"));
    }

    @Test
    void toolCallWithToolsGiven() throws Exception {
        workers.playAll(new Complete(THINKING + TOOL_CALL));
        JsonPath response = message(chat("tools", TOOLS));
        assertEquals("I should call the tool.", response.getString("choices[0].message.reasoning_content"));
        assertNull(response.getString("choices[0].message.content"));
        assertEquals("tool_calls", response.getString("choices[0].finish_reason"));
        assertEquals(1, response.getList("choices[0].message.tool_calls").size());
        assertTrue(response.getString("choices[0].message.tool_calls[0].id").startsWith("call_"));
        assertEquals("function", response.getString("choices[0].message.tool_calls[0].type"));
        assertEquals("get_weather", response.getString("choices[0].message.tool_calls[0].function.name"));
        assertEquals(tree("{\"city\": \"Paris\"}"),
                tree(response.getString("choices[0].message.tool_calls[0].function.arguments")));
    }

    @Test
    void streamedToolCallSendsNameThenArguments() throws Exception {
        workers.playAll(new Complete(THINKING + TOOL_CALL));
        List<JsonPath> chunks = stream(chat("tools", TOOLS));
        assertEquals("I should call the tool.", joined(chunks, "reasoning_content").strip());
        assertNull(joined(chunks, "content"));
        assertEquals("tool_calls", finishReason(chunks));

        List<Map<String, Object>> calls = new ArrayList<>();
        for (JsonPath chunk : chunks) {
            List<Map<String, Object>> some = chunk.getList("choices[0].delta.tool_calls");
            if (some != null) {
                calls.addAll(some);
            }
        }
        assertTrue(calls.size() >= 2, "a header chunk, then argument chunks: " + calls);
        Map<String, Object> header = calls.getFirst();
        assertEquals(0, header.get("index"));
        assertTrue(((String) header.get("id")).startsWith("call_"));
        assertEquals("function", header.get("type"));
        @SuppressWarnings("unchecked")
        Map<String, Object> function = (Map<String, Object>) header.get("function");
        assertEquals("get_weather", function.get("name"));
        StringBuilder arguments = new StringBuilder((String) function.getOrDefault("arguments", ""));
        for (Map<String, Object> piece : calls.subList(1, calls.size())) {
            assertEquals(0, piece.get("index"));
            assertFalse(piece.containsKey("id"), "only the first chunk of a call carries its id: " + piece);
            @SuppressWarnings("unchecked")
            Map<String, Object> part = (Map<String, Object>) piece.get("function");
            assertFalse(part.containsKey("name"), "only the first chunk of a call carries its name: " + piece);
            arguments.append(part.get("arguments"));
        }
        assertEquals(tree("{\"city\": \"Paris\"}"), tree(arguments.toString()));
    }

    @Test
    void withoutToolsTheCallStaysContent() {
        workers.playAll(new Complete(TOOL_CALL));
        Map<String, Object> body = chat("chat_template_kwargs", Map.of("enable_thinking", false));
        JsonPath response = message(body);
        assertEquals(TOOL_CALL, response.getString("choices[0].message.content"));
        assertEquals("stop", response.getString("choices[0].finish_reason"));
        assertNull(response.getList("choices[0].message.tool_calls"));
    }

    @Test
    void stopStringCutsBeforeParsing() {
        workers.playAll(new Complete(THINKING + "Let me check.\n" + TOOL_CALL));
        Map<String, Object> body = chat("tools", TOOLS, "stop", List.of("<tool_call>"));
        JsonPath response = message(body);
        assertEquals("I should call the tool.", response.getString("choices[0].message.reasoning_content"));
        assertEquals("Let me check.\n", response.getString("choices[0].message.content"));
        assertNull(response.getList("choices[0].message.tool_calls"));
        assertEquals("stop", response.getString("choices[0].finish_reason"));

        List<JsonPath> chunks = stream(body);
        assertEquals("Let me check.\n", joined(chunks, "content"));
        assertNotNull(finishReason(chunks));
        assertEquals("stop", finishReason(chunks));
        for (JsonPath chunk : chunks) {
            assertNull(chunk.getList("choices[0].delta.tool_calls"));
        }
    }

    @Test
    void stopStringInTheContentCutsItThere() {
        workers.playAll(new Complete(THINKING + "It is sunny in Paris today."));
        JsonPath response = message(chat("stop", List.of(" today")));
        assertEquals("I should call the tool.", response.getString("choices[0].message.reasoning_content"));
        assertEquals("It is sunny in Paris", response.getString("choices[0].message.content"));
        assertEquals("stop", response.getString("choices[0].finish_reason"));
    }
}
