package dev.tandem.decode;

import dev.tandem.decode.service.EngineLifecycle;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.value.registry.ValueRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Readiness, liveness and the Prometheus meters of a worker that has served a request. */
@QuarkusTest
@QuarkusTestResource(RandomModelResource.class)
class HealthAndMetricsTest {

    @Inject
    EngineLifecycle lifecycle;

    @Inject
    ValueRegistry values;

    @Test
    void readyAndLiveOnceTheModelIsLoaded() {
        await().atMost(Duration.ofSeconds(60)).until(lifecycle::ready);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'decode-model' }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'decode-engine-loop' }.status", equalTo("UP"));
    }

    @Test
    void metricsCountTokensAndRequestsAndShowTheEngineLoad() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(lifecycle::ready);
        try (DecodeClient client = new DecodeClient(values)) {
            client.complete(DecodeClient.request("metered", new int[] {5, 6, 7}, 4).build());
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tandem_decode_generated_tokens_total"))
                .body(containsString("tandem_decode_requests_total{outcome=\"length\"}"))
                .body(containsString("tandem_decode_running "))
                .body(containsString("tandem_decode_waiting "))
                .body(containsString("tandem_decode_kv_blocks_free " + RandomModelResource.KV_BLOCKS + ".0"));
    }
}
