package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tandem bench serve} against {@link FakeOpenAiGateway}, a test double of the gateway. */
class ServeBenchCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void countsCompletedAndFailedRequestsAndTimesTheStreams(@TempDir Path dir) throws Exception {
        // four good prompts (3 + 3 + 5 + 1 ids), one the server rejects, one that fails mid-stream
        Path prompts = Files.writeString(dir.resolve("prompts.jsonl"), """
                {"prompt": [1, 2, 3], "output_len": 4}
                {"prompt": [4, 5, 6], "output_len": 4}
                {"prompt": [7, 8, 9, 10, 11], "output_len": 6}
                {"prompt": [12], "output_len": 1}
                {"prompt": [13, 14], "output_len": 99}
                {"prompt": [15, 16], "output_len": 98}
                """);
        try (FakeOpenAiGateway gateway = new FakeOpenAiGateway()) {
            CliRun run = CliRun.of("bench", "serve", "--base-url", gateway.baseUrl(), "--dataset", prompts.toString(),
                    "--num-prompts", "6", "--warmup", "0", "--max-concurrency", "3", "--json");
            assertEquals(0, run.exitCode(), run.err());
            JsonNode r = JSON.readTree(run.out());
            assertEquals("tandem", r.get("backend").asText());
            assertEquals(gateway.baseUrl(), r.get("base_url").asText());
            assertEquals(FakeOpenAiGateway.MODEL, r.get("model").asText(), "the first model of /v1/models");
            assertEquals(6, r.get("num_prompts").asInt());
            assertEquals(4, r.get("completed").asInt());
            assertEquals(2, r.get("failed").asInt());
            assertEquals(3 + 3 + 5 + 1, r.get("total_input_tokens").asInt());
            assertEquals(4 + 4 + 6 + 1, r.get("total_output_tokens").asInt());
            assertEquals(List.of("HTTP 400: max_tokens 99 is too many", "the worker went away"),
                    JSON.convertValue(r.get("errors"), List.class).stream().sorted().toList());
            assertTrue(r.get("duration_s").asDouble() > 0);
            assertEquals(4 / r.get("duration_s").asDouble(), r.get("request_throughput").asDouble(), 0.01 * r.get("request_throughput").asDouble() + 0.002);
            // the double waits FIRST_TOKEN_DELAY_MS before the first content chunk and TOKEN_GAP_MS between chunks.
            // Only bounds measured from the request's start hold whatever the scheduling: a gap between two reads
            // can be shorter than the server's gap when the first read was late, so ITL/TPOT get no bound.
            assertTrue(r.at("/ttft_ms/p50").asDouble() >= FakeOpenAiGateway.FIRST_TOKEN_DELAY_MS, r.toString());
            assertTrue(r.at("/e2e_ms/p50").asDouble() >= FakeOpenAiGateway.FIRST_TOKEN_DELAY_MS + 3 * FakeOpenAiGateway.TOKEN_GAP_MS,
                    "the median request streams at least four content chunks: " + r);
            assertTrue(r.at("/itl_ms/mean").asDouble() > 0 && r.at("/tpot_ms/mean").asDouble() > 0, r.toString());
            assertTrue(r.at("/e2e_ms/p99").asDouble() >= r.at("/ttft_ms/p99").asDouble());
            for (String field : List.of("ttft_ms", "tpot_ms", "itl_ms", "e2e_ms")) {
                assertEquals(List.of("mean", "p50", "p90", "p99"), iterable(r.get(field).fieldNames()), field);
            }
            assertTrue(r.get("goodput").isNull());
            assertTrue(run.err().contains("4 completed, 2 failed"), run.err());

            JsonNode request = gateway.requests.getFirst();
            assertEquals(FakeOpenAiGateway.MODEL, request.get("model").asText());
            assertTrue(request.get("stream").asBoolean() && request.get("ignore_eos").asBoolean());
            assertTrue(request.at("/stream_options/include_usage").asBoolean());
            assertTrue(request.get("prompt").isArray());
        }
    }

    @Test
    void randomChatPromptsWithWarmupRateAndGoodput() throws Exception {
        try (FakeOpenAiGateway gateway = new FakeOpenAiGateway()) {
            CliRun run = CliRun.of("bench", "serve", "--base-url", gateway.baseUrl(), "--endpoint", "chat", "--model", "alias",
                    "--input-len", "8", "--output-len", "3", "--num-prompts", "5", "--warmup", "2",
                    "--request-rate", "50", "--seed", "3", "--goodput", "ttft:100000", "tpot:100000", "--json");
            assertEquals(0, run.exitCode(), run.err());
            JsonNode r = JSON.readTree(run.out());
            assertEquals(5, r.get("completed").asInt());
            assertEquals(5 * 8, r.get("total_input_tokens").asInt());
            assertEquals(5 * 3, r.get("total_output_tokens").asInt());
            assertEquals(50.0, r.get("request_rate").asDouble());
            assertEquals(7, gateway.requests.size(), "two warm-up requests were sent but not counted");
            assertEquals(8, gateway.requests.getFirst().at("/messages/0/content").asText().split(" ").length);
            assertEquals(3, gateway.requests.getFirst().get("max_tokens").asInt());
            assertEquals("alias", gateway.requests.getFirst().get("model").asText());
            assertEquals("alias", r.get("model").asText());
            assertEquals(1.0, r.at("/goodput/fraction").asDouble(), "generous objectives: every request is good");
            assertEquals(100000.0, r.at("/goodput/slo_ttft_ms").asDouble());
            assertEquals(0, r.get("errors").size());
        }
    }

    @Test
    void anUnreachableServerIsOneLineAndExitCodeOne() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.of("bench", "serve", "--base-url", "http://127.0.0.1:" + port, "--num-prompts", "1", "--json");
        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: cannot reach http://127.0.0.1:" + port + ": "), run.err());
    }

    @Test
    void badOptionsAreNamed() {
        CliRun run = CliRun.of("bench", "serve", "--request-rate", "fast");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--request-rate"), run.err());
        CliRun slo = CliRun.of("bench", "serve", "--goodput", "latency:3");
        assertEquals(1, slo.exitCode());
        assertTrue(slo.err().contains("--goodput"), slo.err());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }
}
