package dev.tandem.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The suite as users run it: {@code tandem up} with two decode workers and the gateway as real
 * processes, called over HTTP exactly as the reference deployments' curl commands do, and through
 * the official OpenAI Java SDK. Serves the shared Qwen3-shaped model (real Qwen3 tokenizer and
 * chat template) when {@code ../shared} is present; otherwise the launcher's own default (a
 * generated random-weight model with a ChatML template), so these tests always run.
 */
class SuiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern FREE_BLOCKS = Pattern.compile("(?m)^tandem_decode_kv_blocks_free(?:\\{[^}]*})? ([0-9.eE+-]+)$");

    private static TandemUp up;
    private static String modelName;

    @BeforeAll
    static void startTheSuite() throws Exception {
        Path repository = Path.of(System.getProperty("tandem.home", "..")).toAbsolutePath().normalize();
        Path qwen3 = Path.of(System.getProperty("tandem.shared.dir", "../../shared"), "models", "qwen3-tiny-random");
        List<String> options = new ArrayList<>(List.of("--served-model-name", "qwen"));
        if (Files.isRegularFile(qwen3.resolve("config.json"))) {
            modelName = qwen3.toAbsolutePath().normalize().toString();
            options.addAll(List.of("--model", modelName));
        }
        up = TandemUp.start(repository, options, 2);
        if (modelName == null) {
            JsonNode models = JSON.readTree(get("/v1/models").body());
            modelName = models.path("data").path(0).path("id").asText();
        }
    }

    @AfterAll
    static void stopTheSuite() throws InterruptedException {
        if (up != null) {
            List<ProcessHandle> services = up.services();
            up.close();
            for (ProcessHandle service : services) {
                assertFalse(service.isAlive(), "tandem up left a service running: " + service.info().commandLine().orElse("?"));
            }
        }
    }

    @Test
    void theFirstSeedCommandAnswersUnderTheModelPath() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role": "user", "content": "Send a test!"}], "max_tokens": 30,
                 "temperature": 0.7, "top_p": 0.9, "seed": 10}""".formatted(modelName));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals(modelName, body.path("model").asText());
        JsonNode choice = body.path("choices").path(0);
        assertEquals("assistant", choice.path("message").path("role").asText());
        assertTrue(List.of("stop", "length").contains(choice.path("finish_reason").asText()), response.body());
        JsonNode usage = body.path("usage");
        assertTrue(usage.path("completion_tokens").asInt() >= 1 && usage.path("completion_tokens").asInt() <= 30, response.body());
        assertEquals(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt(), usage.path("total_tokens").asInt());

        HttpResponse<String> again = post("/v1/chat/completions", """
                {"model": "%s", "messages": [{"role": "user", "content": "Send a test!"}], "max_tokens": 30,
                 "temperature": 0.7, "top_p": 0.9, "seed": 10}""".formatted(modelName));
        assertEquals(text(body), text(JSON.readTree(again.body())), "the same seed gives the same text");
    }

    @Test
    void theSecondSeedCommandAnswersUnderItsAlias() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", """
                {"model": "qwen", "messages": [{"role": "user", "content": "Tell me about the absolute legend Roger Federer"}],
                 "stream": false, "max_tokens": 30}""");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("qwen", body.path("model").asText());
        assertEquals(30, body.path("usage").path("completion_tokens").asInt(), "a random model does not stop on its own: " + response.body());
        assertEquals("length", body.path("choices").path(0).path("finish_reason").asText());
    }

    @Test
    void anUnknownModelIsA404InOpenAisShape() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", """
                {"model": "gpt-17", "messages": [{"role": "user", "content": "hi"}]}""");
        assertEquals(404, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertTrue(error.path("message").asText().contains("gpt-17"), response.body());
        assertEquals("model_not_found", error.path("code").asText(), response.body());
    }

    @Test
    void theOpenAiSdkStreamsWhatItGetsWhole() {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(up.baseUrl() + "/v1").apiKey("unused").build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("qwen").addUserMessage("Say something about tennis.").maxCompletionTokens(12).temperature(0.0).build();
        ChatCompletion whole = client.chat().completions().create(params);
        String wholeText = whole.choices().getFirst().message().content().orElse("");

        StringBuilder streamed = new StringBuilder();
        String finish = null;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                    choice.delta().content().ifPresent(streamed::append);
                    if (choice.finishReason().isPresent()) {
                        finish = choice.finishReason().get().asString();
                    }
                }
            }
        }
        assertEquals(wholeText, streamed.toString(), "greedy: the stream's deltas add up to the whole answer");
        assertEquals(whole.choices().getFirst().finishReason().asString(), finish);
    }

    @Test
    void aClientThatLeavesMidStreamFreesItsKvCache() throws Exception {
        int[] baseline = freeBlocks();
        HttpRequest request = HttpRequest.newBuilder(URI.create(up.baseUrl() + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model": "qwen", "messages": [{"role": "user", "content": "Count to a million."}],
                         "max_tokens": 2000, "ignore_eos": true, "stream": true}"""))
                .build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            int chunks = 0;
            for (String line; chunks < 3 && (line = reader.readLine()) != null; ) {
                if (line.startsWith("data: {")) {
                    chunks++;
                }
            }
            assertEquals(3, chunks, "the stream started");
            assertTrue(sum(freeBlocks()) < sum(baseline), "the running request holds KV blocks");
        } // closing the body mid-stream is the client leaving
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertEquals(sum(baseline), sum(freeBlocks()), "free KV blocks back to the baseline"));
    }

    private static int[] freeBlocks() throws IOException, InterruptedException {
        int[] free = new int[up.decodeWorkers];
        for (int i = 0; i < free.length; i++) {
            HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + (up.firstDecodeHttpPort + i) + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = FREE_BLOCKS.matcher(metrics.body());
            assertTrue(m.find(), "decode-" + i + " reports tandem_decode_kv_blocks_free");
            free[i] = (int) Double.parseDouble(m.group(1));
        }
        return free;
    }

    private static int sum(int[] values) {
        int total = 0;
        for (int v : values) {
            total += v;
        }
        return total;
    }

    private static String text(JsonNode completion) {
        return completion.path("choices").path(0).path("message").path("content").asText();
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(up.baseUrl() + path)).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(up.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
