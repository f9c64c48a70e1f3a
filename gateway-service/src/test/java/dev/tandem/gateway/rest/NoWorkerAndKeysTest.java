package dev.tandem.gateway.rest;

import dev.tandem.gateway.worker.EngineWorkerResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** API keys configured, and the only decode worker address has nothing listening. */
@QuarkusTest
@TestProfile(NoWorkerAndKeysTest.WithKeys.class)
@WithTestResource(value = EngineWorkerResource.class, initArgs = @ResourceArg(name = "worker", value = "none"))
class NoWorkerAndKeysTest {

    public static class WithKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tandem.gateway.api-keys", "sk-one,sk-two");
        }
    }

    private static final Map<String, Object> CHAT = Map.of("model", "qwen",
            "messages", List.of(Map.of("role", "user", "content", "hi")), "max_tokens", 4);

    @Test
    void missingOrWrongKeyIs401() {
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then().statusCode(401)
                .body("error.type", equalTo("authentication_error"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer sk-three").body(CHAT)
                .post("/v1/chat/completions").then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", "Bearer sk-two").get("/v1/models").then().statusCode(200);
    }

    @Test
    void noHealthyWorkerIs503WithRetryAfter() {
        given().contentType(ContentType.JSON).header("Authorization", "Bearer sk-one").body(CHAT)
                .post("/v1/chat/completions").then().statusCode(503).header("Retry-After", notNullValue())
                .body("error.code", equalTo("no_worker_available"));
        given().get("/health").then().statusCode(503);
    }
}
