package dev.tandem.gateway.rest;

import dev.tandem.gateway.model.ServedModel;
import dev.tandem.gateway.worker.EngineWorkerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Every client mistake is a 4xx in OpenAI's error shape, naming the field. */
@QuarkusTest
@WithTestResource(EngineWorkerResource.class)
class ErrorsTest {

    @Inject
    ServedModel model;

    private Map<String, Object> chat(Object... overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("model", "qwen",
                "messages", List.of(Map.of("role", "user", "content", "hi")), "max_tokens", 4));
        for (int i = 0; i < overrides.length; i += 2) {
            body.put((String) overrides[i], overrides[i + 1]);
        }
        return body;
    }

    private static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then().log().ifValidationFails();
    }

    private static void invalid(Map<String, Object> body, String param, String messagePart) {
        post("/v1/chat/completions", body).statusCode(400).contentType(ContentType.JSON)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo(param))
                .body("error.message", containsString(messagePart));
    }

    @Test
    void malformedJsonIsA400WithoutStackTrace() {
        post("/v1/chat/completions", "{\"model\": \"qwen\", \"messages\": [").statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", allOf(containsString("not valid JSON"), not(containsString("at com.fasterxml"))));
    }

    @Test
    void wrongTypesAre400sNamingTheField() {
        String hot = given().contentType(ContentType.JSON).body("{\"model\": \"qwen\", \"messages\": [], \"temperature\": \"hot\"}")
                .post("/v1/chat/completions").then().statusCode(400).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(hot.contains("\"param\":\"temperature\""), hot);
        post("/v1/chat/completions", "{\"model\": \"qwen\", \"messages\": [], \"max_tokens\": 1.5}").statusCode(400)
                .body("error.param", equalTo("max_tokens"));
        invalid(chat("messages", "hello"), "messages", "non-empty array");
    }

    @Test
    void outOfRangeValues() {
        invalid(chat("temperature", 2.5), "temperature", "between 0 and 2");
        invalid(chat("top_p", 0), "top_p", "(0, 1]");
        invalid(chat("presence_penalty", 3), "presence_penalty", "between -2 and 2");
        invalid(chat("frequency_penalty", -2.5), "frequency_penalty", "between -2 and 2");
        invalid(chat("stop", List.of("a", "b", "c", "d", "e")), "stop", "at most 4");
        invalid(chat("n", 0), "n", "between 1 and 16");
        invalid(chat("n", 129), "n", "between 1 and 16");
        invalid(chat("logprobs", true, "top_logprobs", 21), "top_logprobs", "between 0 and 20");
        invalid(chat("top_logprobs", 3), "top_logprobs", "requires logprobs");
        invalid(chat("logit_bias", Map.of("5", 150)), "logit_bias", "between -100 and 100");
        invalid(chat("logit_bias", Map.of("abc", 1)), "logit_bias", "token ids");
        invalid(chat("logit_bias", Map.of(Integer.toString(model.vocabSize()), 1)), "logit_bias", "outside the vocabulary");
        invalid(chat("max_tokens", 0), "max_tokens", "at least 1");
        invalid(chat("response_format", Map.of("type", "json_object")), "response_format", "json_object");
    }

    @Test
    void messagesAreChecked() {
        invalid(chat("messages", List.of()), "messages", "non-empty");
        invalid(chat("messages", List.of(Map.of("role", "wizard", "content", "hi"))), "messages[0].role", "wizard");
        post("/v1/chat/completions", "{\"model\": \"qwen\", \"messages\": [{\"role\": \"user\", \"content\": \"a\\ud800b\"}]}")
                .statusCode(400).body("error.param", equalTo("messages")).body("error.message", containsString("surrogate"));
    }

    @Test
    void promptPlusMaxTokensMustFitTheContext() {
        int limit = model.contextLength();
        invalid(chat("max_tokens", limit), "max_tokens", "maximum context length is " + limit);
        invalid(chat("max_completion_tokens", limit), "max_completion_tokens", "for the completion");
    }

    @Test
    void unknownModelIs404() {
        post("/v1/chat/completions", chat("model", "gpt-5")).statusCode(404)
                .body("error.code", equalTo("model_not_found")).body("error.param", equalTo("model"));
        post("/v1/completions", Map.of("model", "gpt-5", "prompt", "x")).statusCode(404)
                .body("error.code", equalTo("model_not_found"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "x".repeat(70 * 1024);
        post("/v1/chat/completions", chat("messages", List.of(Map.of("role", "user", "content", big)))).statusCode(413)
                .body("error.code", equalTo("request_too_large"));
    }

    @Test
    void unknownPathIsAnOpenAiShaped404() {
        given().get("/v1/nothing").then().statusCode(404).body("error.message", not(nullValue()));
    }

    @Test
    void completionsPromptForms() {
        var single = post("/v1/completions", Map.of("model", "qwen", "prompt", "Once upon a time", "max_tokens", 5,
                "ignore_eos", true)).statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals("text_completion", single.getString("object"));
        org.junit.jupiter.api.Assertions.assertEquals(5, single.getInt("usage.completion_tokens"));
        int promptTokens = model.tokenizer().encode("Once upon a time", true).length;
        org.junit.jupiter.api.Assertions.assertEquals(promptTokens, single.getInt("usage.prompt_tokens"));
        var many = post("/v1/completions", Map.of("model", "qwen", "prompt", List.of("a b", "c d"), "n", 2,
                "max_tokens", 3, "ignore_eos", true)).statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(0, 1, 2, 3), many.getList("choices.index"));
        org.junit.jupiter.api.Assertions.assertEquals(12, many.getInt("usage.completion_tokens"));
        var ids = post("/v1/completions", Map.of("model", "qwen", "prompt", List.of(List.of(1, 2, 3), List.of(4, 5)),
                "max_tokens", 2, "ignore_eos", true)).statusCode(200).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(5, ids.getInt("usage.prompt_tokens"));
        post("/v1/completions", Map.of("model", "qwen", "prompt", List.of(model.vocabSize()))).statusCode(400)
                .body("error.param", equalTo("prompt"));
        post("/v1/completions", Map.of("model", "qwen", "prompt", "x", "stream", true, "max_tokens", 2)).statusCode(200)
                .body(containsString("data: [DONE]"));
    }
}
