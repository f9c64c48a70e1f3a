package dev.tandem.gateway.rest;

import dev.tandem.gateway.model.ServedModel;
import dev.tandem.gateway.worker.EngineWorkerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.tandem.gateway.rest.ChatCompletionsTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logprobs, logit bias and penalties end to end, computed by the engine behind the test worker. */
@QuarkusTest
@WithTestResource(EngineWorkerResource.class)
class LogprobsTest {

    @Inject
    ServedModel model;

    private static Map<String, Object> chat(Object... overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("model", "qwen",
                "messages", List.of(Map.of("role", "user", "content", "Say something")),
                "max_tokens", 6, "ignore_eos", true, "temperature", 0));
        for (int i = 0; i < overrides.length; i += 2) {
            body.put((String) overrides[i], overrides[i + 1]);
        }
        return body;
    }

    @Test
    void chatLogprobsWithTopAlternatives() {
        JsonPath response = post("/v1/chat/completions", chat("logprobs", true, "top_logprobs", 3), 200);
        List<Map<String, Object>> content = response.getList("choices[0].logprobs.content");
        assertEquals(response.getInt("usage.completion_tokens"), content.size());
        for (int i = 0; i < content.size(); i++) {
            String at = "choices[0].logprobs.content[" + i + "].";
            String token = response.getString(at + "token");
            double logprob = response.getDouble(at + "logprob");
            assertTrue(logprob <= 0, "logprob " + logprob);
            assertEquals(bytes(token), response.getList(at + "bytes"));
            List<Float> top = response.getList(at + "top_logprobs.logprob");
            assertEquals(3, top.size());
            for (int k = 1; k < top.size(); k++) {
                assertTrue(top.get(k - 1) >= top.get(k), "sorted, most likely first: " + top);
            }
            // greedy: the sampled token is the most likely one
            assertEquals(top.getFirst(), (float) logprob, 1e-4);
        }
    }

    @Test
    void noLogprobsUnlessAsked() {
        JsonPath response = post("/v1/chat/completions", chat(), 200);
        assertNull(response.get("choices[0].logprobs"));
    }

    @Test
    void completionsLogprobsFormat() {
        JsonPath response = post("/v1/completions", Map.of("model", "qwen", "prompt", "Once upon a time",
                "max_tokens", 5, "ignore_eos", true, "temperature", 0, "logprobs", 2), 200);
        List<String> tokens = response.getList("choices[0].logprobs.tokens");
        List<Float> values = response.getList("choices[0].logprobs.token_logprobs");
        List<Map<String, Float>> top = response.getList("choices[0].logprobs.top_logprobs");
        List<Integer> offsets = response.getList("choices[0].logprobs.text_offset");
        assertEquals(5, tokens.size());
        assertEquals(5, values.size());
        assertEquals(5, top.size());
        assertEquals(5, offsets.size());
        int offset = 0;
        for (int i = 0; i < 5; i++) {
            assertTrue(values.get(i) <= 0);
            assertTrue(!top.get(i).isEmpty() && top.get(i).size() <= 2, "top_logprobs " + top.get(i));
            assertEquals(offset, offsets.get(i));
            offset += tokens.get(i).length();
        }
        assertEquals(String.join("", tokens), response.getString("choices[0].text"));
    }

    @Test
    void logitBiasForcesOneToken() {
        int forced = model.tokenizer().encode("hello", false)[0];
        String text = model.tokenizer().decode(new int[] {forced}, false);
        JsonPath response = post("/v1/chat/completions", chat("logit_bias", Map.of(Integer.toString(forced), 100),
                "logprobs", true), 200);
        assertEquals(6, response.getInt("usage.completion_tokens"));
        assertEquals(text.repeat(6), response.getString("choices[0].message.content"));
        assertEquals(List.of(text, text, text, text, text, text), response.getList("choices[0].logprobs.content.token"));
    }

    @Test
    void penaltiesAreAccepted() {
        JsonPath response = post("/v1/chat/completions", chat("presence_penalty", 1.5, "frequency_penalty", 0.5,
                "repetition_penalty", 1.2), 200);
        assertEquals(6, response.getInt("usage.completion_tokens"));
    }

    private static List<Integer> bytes(String text) {
        List<Integer> bytes = new java.util.ArrayList<>();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xFF);
        }
        return bytes;
    }
}
