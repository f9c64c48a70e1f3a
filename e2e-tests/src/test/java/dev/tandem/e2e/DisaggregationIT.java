package dev.tandem.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Prefill/decode disaggregation as users run it: {@code tandem up} in each prefill mode with the
 * embedded broker, the kv-store and prefill workers as real processes. Disaggregation must not
 * change results, and losing a prefill worker or the kv-store must not lose a request.
 */
class DisaggregationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String LONG_PROMPT = "The quick brown fox jumps over the lazy dog while the band plays on. ".repeat(12);

    /** The same requests in every mode: short and long prompts, greedy and seeded sampling. */
    private static final List<String> REQUESTS = List.of(
            request("Once upon a time", 0, null),
            request(LONG_PROMPT, 0, null),
            request(LONG_PROMPT + "And then", 0.8, 5L),
            request("Tell me about Roger Federer.", 0.7, 10L));

    /** The reference deployments' two seed commands (chat), with the model named as this suite serves it. */
    private static final List<String> SEED_COMMANDS = List.of(
            """
            {"model": "tandem", "messages": [{"role": "user", "content": "Send a test!"}], "max_tokens": 30, "temperature": 0.7, "top_p": 0.9, "seed": 10}""",
            """
            {"model": "tandem", "messages": [{"role": "user", "content": "Tell me about the absolute legend Roger Federer"}], "stream": false, "max_tokens": 30}""");

    private final Path repository = Path.of(System.getProperty("tandem.home", "..")).toAbsolutePath().normalize();

    @Test
    void everyPrefillModeGivesTheTokensOfLocalPrefill() throws Exception {
        List<String> local = run(List.of("--prefill-mode", "local"), 0, 0);
        List<String> remote = run(List.of("--prefill-mode", "always-remote", "--prefill-workers", "1", "--prefill-timeout", "120s"), 1,
                REQUESTS.size() + SEED_COMMANDS.size());
        List<String> conditional = run(List.of("--prefill-mode", "conditional", "--max-local-prefill-length", "32",
                "--prefill-workers", "1", "--prefill-timeout", "120s"), 1, 1);
        // conditional: only the first long prompt goes remote; the second shares its prefix, which the
        // decode worker's prefix cache then holds, so its uncached part is short and stays local.
        assertEquals(local, remote, "always-remote");
        assertEquals(local, conditional, "conditional (long prompts remote, short ones local)");
    }

    @Test
    void clientsThatLeaveLeakNoKvAndRequestsSurviveAKilledPrefillWorkerAndAStoppedKvStore() throws Exception {
        List<String> options = new ArrayList<>(List.of("--prefill-mode", "always-remote", "--prefill-workers", "2",
                "--prefill-timeout", "15s"));
        options.addAll(modelOptions());
        try (TandemUp up = TandemUp.start(repository, options, 1, 2);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            leaveMidStreamAndCheckKv(up);

            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String body = request(LONG_PROMPT + " request " + i, 0, null);
                inFlight.add(CompletableFuture.supplyAsync(() -> post(up, body), clients));
            }
            service(up, "prefill-service").destroyForcibly(); // kill -9 while the 20 are in flight
            for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                HttpResponse<String> response = request.get();
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(8, JSON.readTree(response.body()).path("usage").path("completion_tokens").asInt(), response.body());
            }

            service(up, "kv-store-service").destroyForcibly();
            HttpResponse<String> afterStoreLoss = post(up, request(LONG_PROMPT + " after the store", 0, null));
            assertEquals(200, afterStoreLoss.statusCode(), "prefilled locally once the kv-store is gone: " + afterStoreLoss.body());
        }
    }

    /** Runs {@link #REQUESTS} on a suite; checks that exactly {@code remotePrefills} were prefilled remotely, none by fallback. */
    /** A streaming client leaves after a few tokens: the decode worker and both prefill workers are back at their free-block baselines. */
    private static void leaveMidStreamAndCheckKv(TandemUp up) throws Exception {
        List<String> gauges = List.of(
                "http://127.0.0.1:" + up.firstDecodeHttpPort + "/q/metrics tandem_decode_kv_blocks_free",
                "http://127.0.0.1:" + up.firstPrefillHttpPort + "/q/metrics tandem_prefill_kv_blocks_free",
                "http://127.0.0.1:" + (up.firstPrefillHttpPort + 1) + "/q/metrics tandem_prefill_kv_blocks_free");
        List<Integer> baseline = new ArrayList<>();
        for (String gauge : gauges) {
            baseline.add(gauge(gauge));
        }
        ObjectNode body = (ObjectNode) JSON.readTree(request(LONG_PROMPT + " then the stream", 0, null));
        body.put("max_tokens", 1000).put("stream", true);
        HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(up.baseUrl() + "/v1/completions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(response.body()))) {
            int chunks = 0;
            for (String line; chunks < 3 && (line = reader.readLine()) != null; ) {
                chunks += line.startsWith("data: {") ? 1 : 0;
            }
            assertEquals(3, chunks, "the stream started");
        } // the client leaves
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (int i = 0; i < gauges.size(); i++) {
                assertEquals(baseline.get(i), gauge(gauges.get(i)), "free KV blocks back to the baseline: " + gauges.get(i));
            }
        });
    }

    /** {@code "URL NAME"}: the value of a gauge on a Prometheus endpoint. */
    private static int gauge(String urlAndName) throws Exception {
        String[] parts = urlAndName.split(" ");
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(parts[0])).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(parts[1] + " ") || line.startsWith(parts[1] + "{")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(parts[1] + " not reported by " + parts[0] + ":\n" + metrics.substring(0, Math.min(3000, metrics.length())));
    }

    private List<String> run(List<String> modeOptions, int prefillWorkers, int remotePrefills) throws Exception {
        List<String> options = new ArrayList<>(modeOptions);
        options.addAll(modelOptions());
        try (TandemUp up = TandemUp.start(repository, options, 1, prefillWorkers)) {
            List<String> texts = new ArrayList<>();
            for (String request : REQUESTS) {
                HttpResponse<String> response = post(up, request);
                assertEquals(200, response.statusCode(), response.body());
                JsonNode body = JSON.readTree(response.body());
                texts.add(body.path("choices").path(0).path("text").asText());
            }
            for (String seedCommand : SEED_COMMANDS) {
                HttpResponse<String> response = post(up, "/v1/chat/completions", seedCommand);
                assertEquals(200, response.statusCode(), response.body());
                if (seedCommand.contains("\"seed\"")) { // the unseeded one samples freshly: only its success compares
                    texts.add(JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText());
                }
            }
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + up.firstDecodeHttpPort + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(remotePrefills, counter(metrics, "tandem_decode_prefills_total", "where=\"remote\""), modeOptions + ": remote prefills");
            assertEquals(0, counter(metrics, "tandem_decode_prefill_fallbacks_total", ""), modeOptions + ": fallbacks");
            return texts;
        }
    }

    /** The sum of a Prometheus counter's samples whose labels contain {@code label}. */
    private static int counter(String metrics, String name, String label) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{") && line.substring(0, line.indexOf('}') + 1).contains(label)) {
                String value = line.substring(line.indexOf('}') + 1).trim().split("\\s+")[0];
                total += Double.parseDouble(value);
            }
        }
        return (int) total;
    }

    private List<String> modelOptions() {
        Path qwen3 = Path.of(System.getProperty("tandem.shared.dir", "../../shared"), "models", "qwen3-tiny-random");
        List<String> options = new ArrayList<>(List.of("--served-model-name", "tandem"));
        if (Files.isRegularFile(qwen3.resolve("config.json"))) {
            options.addAll(List.of("--model", qwen3.toString()));
        }
        return options;
    }

    private static ProcessHandle service(TandemUp up, String module) {
        return up.services().stream()
                .filter(p -> p.info().commandLine().orElse("").contains(module))
                .findFirst().orElseThrow(() -> new AssertionError("no " + module + " process under tandem up"));
    }

    private static String request(String prompt, double temperature, Long seed) {
        ObjectNode body = JSON.createObjectNode().put("model", "tandem").put("prompt", prompt).put("max_tokens", 8)
                .put("ignore_eos", true).put("temperature", temperature);
        if (seed != null) {
            body.put("seed", seed);
        }
        return body.toString();
    }

    private static HttpResponse<String> post(TandemUp up, String body) {
        return post(up, "/v1/completions", body);
    }

    private static HttpResponse<String> post(TandemUp up, String path, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(up.baseUrl() + path))
                    .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
