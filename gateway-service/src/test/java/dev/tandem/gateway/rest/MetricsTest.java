package dev.tandem.gateway.rest;

import dev.tandem.gateway.worker.ScriptedDecodeService.Complete;
import dev.tandem.gateway.worker.ScriptedWorkerResource;
import dev.tandem.gateway.worker.ScriptedWorkers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /q/metrics} after a few requests: counts by status, latency timers, token counters, in-flight gauge. */
@QuarkusTest
@WithTestResource(value = ScriptedWorkerResource.class, initArgs = @ResourceArg(name = "workers", value = "2"))
class MetricsTest {

    static final String CHAT = "{endpoint=\"chat_completions\"";

    @ScriptedWorkers.Inject
    ScriptedWorkers workers;

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
    static double sample(String metrics, String name, String... labels) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            // OpenMetrics: "series value", possibly followed by " # {exemplar labels} value timestamp"
            String sample = line.contains(" # ") ? line.substring(0, line.indexOf(" # ")) : line;
            String series = sample.substring(0, sample.lastIndexOf(' '));
            boolean matches = true;
            for (String label : labels) {
                matches &= series.contains(label);
            }
            if (matches) {
                sum += Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static JsonPath chat(boolean stream) {
        Map<String, Object> body = Map.of("model", "qwen", "stream", stream,
                "stream_options", Map.of("include_usage", true),
                "messages", List.of(Map.of("role", "user", "content", "Count to three")));
        var response = given().contentType(ContentType.JSON).body(body).when().post("/v1/chat/completions")
                .then().statusCode(200).extract();
        return stream ? Sse.chunks(response.asString()).getLast() : response.jsonPath();
    }

    @Test
    void requestsTimersTokensAndInFlight() {
        workers.playAll(new Complete("One, two, three."));
        String before = metrics();
        int promptTokens = 0;
        int completionTokens = 0;
        for (boolean stream : new boolean[] {false, false, true}) {
            JsonPath usage = chat(stream);
            promptTokens += usage.getInt("usage.prompt_tokens");
            completionTokens += usage.getInt("usage.completion_tokens");
        }
        given().contentType(ContentType.JSON).body(Map.of("model", "qwen", "messages", List.of()))
                .post("/v1/chat/completions").then().statusCode(400);

        // the request counter ticks when the response has ended, after the client has it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String now = metrics();
            assertEquals(3, delta(before, now, "tandem_gateway_requests_total", "endpoint=\"chat_completions\"",
                    "status=\"200\""), () -> now.lines().filter(l -> l.startsWith("tandem_gateway_requests")).toList().toString());
        });
        String after = metrics();
        assertEquals(1, delta(before, after, "tandem_gateway_requests_total", "endpoint=\"chat_completions\"", "status=\"400\""));
        assertEquals(3, delta(before, after, "tandem_gateway_time_to_first_token_seconds_count", CHAT));
        assertEquals(3, delta(before, after, "tandem_gateway_e2e_latency_seconds_count", CHAT));
        assertTrue(delta(before, after, "tandem_gateway_inter_token_latency_seconds_count", CHAT) > 0);
        assertTrue(delta(before, after, "tandem_gateway_e2e_latency_seconds_sum", CHAT) > 0);
        assertEquals(promptTokens, delta(before, after, "tandem_gateway_prompt_tokens_total", CHAT));
        assertEquals(completionTokens, delta(before, after, "tandem_gateway_completion_tokens_total", CHAT));
        assertEquals(0, sample(after, "tandem_gateway_requests_in_flight"));
    }

    private static double delta(String before, String after, String name, String... labels) {
        return sample(after, name, labels) - sample(before, name, labels);
    }
}
