package dev.tandem.gateway.rest;

import dev.tandem.gateway.client.WorkerRegistry;
import dev.tandem.gateway.worker.ScriptedDecodeService.Complete;
import dev.tandem.gateway.worker.ScriptedDecodeService.FailAfter;
import dev.tandem.gateway.worker.ScriptedDecodeService.FailAtOnce;
import dev.tandem.gateway.worker.ScriptedWorkerResource;
import dev.tandem.gateway.worker.ScriptedWorkers;
import io.grpc.Status;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two scripted workers: a call refused before any token is retried on the other worker, a call that fails after
 * streaming tokens is not (the client sees the error: a JSON error status, or an SSE error event then the end).
 */
@QuarkusTest
@WithTestResource(value = ScriptedWorkerResource.class, initArgs = @ResourceArg(name = "workers", value = "2"))
class WorkerFailuresTest {

    static final String ANSWER = "Hello from the second worker.";

    @ScriptedWorkers.Inject
    ScriptedWorkers workers;

    @Inject
    WorkerRegistry registry;

    static Map<String, Object> chat(Object... overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("model", "qwen",
                "messages", List.of(Map.of("role", "user", "content", "hi"))));
        for (int i = 0; i < overrides.length; i += 2) {
            body.put((String) overrides[i], overrides[i + 1]);
        }
        return body;
    }

    /** A worker marked unhealthy by an earlier UNAVAILABLE is back after the next poll. */
    @BeforeEach
    void bothWorkersHealthy() {
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.healthy().size() == 2);
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "RESOURCE_EXHAUSTED"})
    void refusedBeforeAnyTokenIsRetriedOnTheOtherWorker(Status.Code code) {
        workers.get(0).play(new FailAtOnce(code));
        workers.get(1).play(new Complete(ANSWER));
        int refusedBefore = workers.get(0).calls();
        // round robin: within a few requests the refusing worker gets one
        for (int i = 0; i < 4 && workers.get(0).calls() == refusedBefore; i++) {
            JsonPath response = given().contentType(ContentType.JSON).body(chat()).when().post("/v1/chat/completions")
                    .then().log().ifValidationFails().statusCode(200).extract().jsonPath();
            assertEquals(ANSWER, response.getString("choices[0].message.content"));
            assertEquals("stop", response.getString("choices[0].finish_reason"));
        }
        assertTrue(workers.get(0).calls() > refusedBefore, "the refusing worker never got a call");
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "INTERNAL"})
    void failureAfterTokensIsNotRetried(Status.Code code) {
        workers.playAll(new FailAfter("Partial answer", code));
        int before = workers.calls();
        int status = code == Status.Code.UNAVAILABLE ? 503 : 502;
        JsonPath error = given().contentType(ContentType.JSON).body(chat()).when().post("/v1/chat/completions")
                .then().log().ifValidationFails().statusCode(status).contentType(ContentType.JSON).extract().jsonPath();
        assertNotNull(error.getString("error.message"));
        assertNotNull(error.getString("error.type"));
        assertEquals(before + 1, workers.calls(), "one Generate call, no retry");
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAVAILABLE", "INTERNAL"})
    void streamedFailureAfterTokensEndsWithAnErrorEvent(Status.Code code) {
        workers.playAll(new FailAfter("Partial answer", code));
        int before = workers.calls();
        String body = given().contentType(ContentType.JSON).body(chat("stream", true)).when()
                .post("/v1/chat/completions").then().statusCode(200).extract().asString();
        List<JsonPath> events = Sse.chunks(body);
        assertEquals("assistant", events.getFirst().getString("choices[0].delta.role"));
        JsonPath last = events.getLast();
        assertNotNull(last.getString("error.message"), body);
        assertEquals(code == Status.Code.UNAVAILABLE ? "service_unavailable" : "worker_error", last.getString("error.type"));
        StringBuilder content = new StringBuilder();
        for (JsonPath event : events.subList(0, events.size() - 1)) {
            assertEquals(null, event.getString("choices[0].finish_reason"), "no finish_reason before the error");
            String piece = event.getString("choices[0].delta.content");
            content.append(piece == null ? "" : piece);
        }
        assertTrue("Partial answer".startsWith(content.toString()), content.toString());
        assertEquals(before + 1, workers.calls(), "one Generate call, no retry");
    }
}
