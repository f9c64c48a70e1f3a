package dev.tandem.gateway.rest;

import dev.tandem.gateway.model.ServedModel;
import dev.tandem.gateway.worker.EngineWorkerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Chat completions end to end against a real engine worker over a self-made random model (no ../shared). */
@QuarkusTest
@WithTestResource(EngineWorkerResource.class)
class ChatCompletionsTest {

    @Inject
    ServedModel model;

    static JsonPath post(String path, Map<String, Object> body, int status) {
        return given().contentType(ContentType.JSON).body(body).when().post(path)
                .then().log().ifValidationFails().statusCode(status).extract().jsonPath();
    }

    private Map<String, Object> seedRequest() {
        return Map.of("model", model.dir().toString(),
                "messages", List.of(Map.of("role", "user", "content", "Send a test!")),
                "max_tokens", 30, "temperature", 0.7, "top_p", 0.9, "seed", 10);
    }

    @Test
    void seedRequestByModelPath() {
        JsonPath response = post("/v1/chat/completions", seedRequest(), 200);
        assertTrue(response.getString("id").startsWith("chatcmpl-"));
        assertEquals("chat.completion", response.getString("object"));
        assertEquals(model.dir().toString(), response.getString("model"));
        assertEquals(1, response.getList("choices").size());
        assertEquals("assistant", response.getString("choices[0].message.role"));
        assertNotNull(response.getString("choices[0].message.content"));
        assertTrue(List.of("stop", "length").contains(response.getString("choices[0].finish_reason")));
        int prompt = response.getInt("usage.prompt_tokens");
        int completion = response.getInt("usage.completion_tokens");
        assertEquals(model.format().render(dev.tandem.engine.chat.ChatRequest.of(
                List.of(Map.of("role", "user", "content", "Send a test!")), true)).ids().length, prompt);
        assertTrue(completion >= 1 && completion <= 30, "completion tokens " + completion);
        assertEquals(prompt + completion, response.getInt("usage.total_tokens"));
        if (response.getString("choices[0].finish_reason").equals("length")) {
            assertEquals(30, completion);
        }
    }

    @Test
    void seedRequestByAlias() {
        JsonPath response = post("/v1/chat/completions", Map.of("model", "qwen",
                "messages", List.of(Map.of("role", "user", "content", "Tell me about the absolute legend Roger Federer")),
                "stream", false, "max_tokens", 30), 200);
        assertEquals("qwen", response.getString("model"));
        assertTrue(response.getInt("usage.completion_tokens") <= 30);
    }

    @Test
    void sameSeedGivesSameText() {
        String first = post("/v1/chat/completions", seedRequest(), 200).getString("choices[0].message.content");
        String second = post("/v1/chat/completions", seedRequest(), 200).getString("choices[0].message.content");
        assertEquals(first, second);
    }

    @Test
    void nChoicesEachWithItsOwnSeed() {
        Map<String, Object> request = new java.util.HashMap<>(seedRequest());
        request.put("n", 3);
        request.put("max_tokens", 8);
        request.put("ignore_eos", true);
        JsonPath response = post("/v1/chat/completions", request, 200);
        assertEquals(List.of(0, 1, 2), response.getList("choices.index"));
        assertEquals(24, response.getInt("usage.completion_tokens"));
        // choice i uses seed + i: choice 1 of seed 10 is choice 0 of seed 11
        request.put("n", 1);
        request.put("seed", 11);
        String alone = post("/v1/chat/completions", request, 200).getString("choices[0].message.content");
        assertEquals(alone, response.getString("choices[1].message.content"));
    }

    @Test
    void streamingMatchesNonStreaming() {
        Map<String, Object> request = new java.util.HashMap<>(seedRequest());
        String expected = post("/v1/chat/completions", request, 200).getString("choices[0].message.content");
        request.put("stream", true);
        request.put("stream_options", Map.of("include_usage", true));
        String body = given().contentType(ContentType.JSON).body(request).when().post("/v1/chat/completions")
                .then().statusCode(200).contentType(SseWriter.CONTENT_TYPE).extract().asString();
        List<JsonPath> chunks = Sse.chunks(body);
        assertEquals("assistant", chunks.getFirst().getString("choices[0].delta.role"));
        StringBuilder content = new StringBuilder();
        String finish = null;
        for (JsonPath chunk : chunks.subList(0, chunks.size() - 1)) {
            assertEquals("chat.completion.chunk", chunk.getString("object"));
            assertNull(finish, "no chunk after the finish_reason chunk but usage");
            String piece = chunk.getString("choices[0].delta.content");
            if (piece != null) {
                content.append(piece);
            }
            finish = chunk.getString("choices[0].finish_reason");
        }
        assertTrue(List.of("stop", "length").contains(finish));
        assertEquals(expected, content.toString());
        JsonPath usage = chunks.getLast();
        assertEquals(List.of(), usage.getList("choices"));
        assertEquals(usage.getInt("usage.prompt_tokens") + usage.getInt("usage.completion_tokens"),
                usage.getInt("usage.total_tokens"));
    }

    @Test
    void stopStringCutsTheOutput() {
        Map<String, Object> request = new java.util.HashMap<>(seedRequest());
        request.put("temperature", 0);
        request.put("max_tokens", 24);
        request.put("ignore_eos", true);
        String full = post("/v1/chat/completions", request, 200).getString("choices[0].message.content");
        int[] points = full.codePoints().toArray();
        assertTrue(points.length >= 8, "need some output to cut: " + full);
        String stop = new String(points, 5, 2);
        request.put("stop", List.of(stop));
        JsonPath cut = post("/v1/chat/completions", request, 200);
        assertEquals(full.substring(0, full.indexOf(stop)), cut.getString("choices[0].message.content"));
        assertEquals("stop", cut.getString("choices[0].finish_reason"));
        assertTrue(cut.getInt("usage.completion_tokens") < 24);
    }

    @Test
    void modelsListsThePathAndAliases() {
        JsonPath models = given().get("/v1/models").then().statusCode(200).extract().jsonPath();
        assertEquals("list", models.getString("object"));
        assertEquals(List.of(model.dir().toString(), "qwen"), models.getList("data.id"));
    }

    @Test
    void healthIsUpWithAWorker() {
        given().get("/health").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
