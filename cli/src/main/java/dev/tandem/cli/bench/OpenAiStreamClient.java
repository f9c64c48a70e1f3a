package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Sends benchmark requests to an OpenAI-compatible server and times their streams: one virtual
 * thread per request, HTTP/1.1, each SSE line timestamped as it is read.
 */
final class OpenAiStreamClient implements AutoCloseable {

    /** Which OpenAI API a request goes to. */
    enum Endpoint {
        completions("/v1/completions"), chat("/v1/chat/completions");

        final String path;

        Endpoint(String path) {
            this.path = path;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String apiKey;
    private final HttpClient http;

    OpenAiStreamClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    /**
     * The first model {@code GET /v1/models} lists; fails with "cannot reach ..." when the server
     * does not answer, or with its error message when it answers with an error.
     */
    String firstModel() throws InterruptedException {
        HttpResponse<String> response = models();
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200 || body == null) {
            throw new IllegalStateException(baseUrl + "/v1/models answered HTTP " + response.statusCode() + ": "
                    + (body != null ? StreamEvent.errorMessage(body) : StreamEvent.abbreviate(response.body())));
        }
        JsonNode id = body.path("data").path(0).get("id");
        if (id == null || !id.isTextual()) {
            throw new IllegalStateException(baseUrl + "/v1/models lists no model; name one with --model");
        }
        return id.asText();
    }

    /** Fails with "cannot reach ..." when the server does not answer {@code GET /v1/models}; any answer will do. */
    void checkReachable() throws InterruptedException {
        models();
    }

    private HttpResponse<String> models() throws InterruptedException {
        try {
            return http.send(request("/v1/models").timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + baseUrl + ": " + describe(e));
        }
    }

    /** Sends one streaming request and times it; never throws for a failed request, the outcome says why. */
    RequestOutcome send(Endpoint endpoint, String model, ServePrompt prompt) {
        HttpRequest request = request(endpoint.path)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(endpoint, model, prompt).toString()))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
            try (Stream<String> lines = response.body()) {
                if (response.statusCode() != 200) {
                    String text = lines.collect(Collectors.joining("\n"));
                    JsonNode body = parse(text);
                    return RequestOutcome.failed("HTTP " + response.statusCode() + ": "
                            + (body != null ? StreamEvent.errorMessage(body) : StreamEvent.abbreviate(text)));
                }
                return timed(lines.iterator(), start, prompt);
            }
        } catch (IOException | RuntimeException e) {
            return RequestOutcome.failed(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RequestOutcome.failed("interrupted");
        }
    }

    /** Reads a 200 stream to its end, timestamping each chunk with content. */
    static RequestOutcome timed(Iterator<String> lines, long startNanos, ServePrompt prompt) {
        long first = -1;
        long last = -1;
        int contentChunks = 0;
        double[] itl = new double[Math.max(16, prompt.outputTokens())];
        StreamEvent.Usage usage = null;
        boolean done = false;
        while (!done && lines.hasNext()) {
            StreamEvent event = StreamEvent.parse(lines.next());
            long now = System.nanoTime();
            if (event.error() != null) {
                return RequestOutcome.failed(event.error());
            }
            if (event.content()) {
                if (first < 0) {
                    first = now;
                } else {
                    if (contentChunks - 1 == itl.length) {
                        itl = java.util.Arrays.copyOf(itl, itl.length * 2);
                    }
                    itl[contentChunks - 1] = (now - last) / 1e6;
                }
                last = now;
                contentChunks++;
            }
            if (event.usage() != null) {
                usage = event.usage();
            }
            done = event.done();
        }
        long end = System.nanoTime();
        if (!done) {
            return RequestOutcome.failed("the stream ended before data: [DONE]");
        }
        if (first < 0) {
            return RequestOutcome.failed("the stream carried no content");
        }
        int input = usage != null && usage.promptTokens() >= 0 ? usage.promptTokens() : Math.max(0, prompt.inputTokens());
        int output = usage != null && usage.completionTokens() >= 0 ? usage.completionTokens() : contentChunks;
        return new RequestOutcome(null, (first - startNanos) / 1e6, java.util.Arrays.copyOf(itl, contentChunks - 1),
                (end - startNanos) / 1e6, input, output);
    }

    /** The request body: streaming with usage, {@code ignore_eos} and {@code max_tokens} = the output length. */
    static ObjectNode body(Endpoint endpoint, String model, ServePrompt prompt) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        if (endpoint == Endpoint.chat) {
            if (prompt.text() == null) {
                throw new IllegalArgumentException("--endpoint chat needs text prompts, not token ids");
            }
            body.putArray("messages").addObject().put("role", "user").put("content", prompt.text());
        } else if (prompt.text() != null) {
            body.put("prompt", prompt.text());
        } else {
            var ids = body.putArray("prompt");
            for (int id : prompt.ids()) {
                ids.add(id);
            }
        }
        body.put("max_tokens", prompt.outputTokens())
                .put("ignore_eos", true)
                .put("temperature", 0.0)
                .put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return body;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The innermost message in a cause chain, e.g. "Connection refused" rather than null. */
    static String describe(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        if (message != null) {
            return message;
        }
        // the JDK client's refused connections carry no message at any level
        return e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        http.close();
    }
}
