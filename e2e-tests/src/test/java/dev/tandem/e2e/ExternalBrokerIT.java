package dev.tandem.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Remote prefill through a broker that is not the embedded Artemis: a RabbitMQ (rabbitmq_amqp1_0)
 * started separately on loopback — by {@code .ci/run} in CI — and named in {@code TANDEM_TEST_RABBITMQ}
 * ({@code HOST:PORT}, user guest). Proves the channel configuration is not tied to the embedded broker.
 */
class ExternalBrokerIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern REMOTE = Pattern.compile("(?m)^tandem_decode_prefills_total\\{[^}]*where=\"remote\"[^}]*} ([0-9.]+)");

    @Test
    void prefillTasksTravelThroughRabbitMq() throws Exception {
        String rabbit = System.getenv("TANDEM_TEST_RABBITMQ");
        assumeTrue(rabbit != null && !rabbit.isBlank(),
                "TANDEM_TEST_RABBITMQ is not set: no separately started RabbitMQ to test against (.ci/run starts one)");
        Path repository = Path.of(System.getProperty("tandem.home", "..")).toAbsolutePath().normalize();
        List<String> options = List.of("--prefill-mode", "always-remote", "--prefill-workers", "1", "--prefill-timeout", "60s",
                "--broker", rabbit, "--broker-kind", "rabbitmq", "--broker-user", "guest", "--broker-password", "guest",
                "--served-model-name", "tandem");
        try (TandemUp up = TandemUp.start(repository, options, 1, 1)) {
            for (String prompt : List.of("Once upon a time", "The little dog ran to the park and")) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(up.baseUrl() + "/v1/completions"))
                        .header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().createObjectNode().put("model", "tandem")
                                .put("prompt", prompt).put("max_tokens", 6).put("temperature", 0).toString())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
            }
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + up.firstDecodeHttpPort + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher remote = REMOTE.matcher(metrics);
            assertEquals(true, remote.find(), "decode reports its remote prefills");
            assertEquals(2.0, Double.parseDouble(remote.group(1)), "both requests were prefilled by the prefill worker through RabbitMQ");
        }
    }
}
