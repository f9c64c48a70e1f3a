package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A test double for the gateway: a loopback HTTP server that speaks just enough of the OpenAI
 * streaming API for {@code bench serve}. It lists one model, and streams {@code max_tokens} content
 * chunks (after an empty or role-only chunk, and {@link #FIRST_TOKEN_DELAY_MS} before the first),
 * {@link #TOKEN_GAP_MS} apart, then a usage chunk and {@code [DONE]}. {@code max_tokens} 99 is
 * answered with a 400 OpenAI error, 98 with an error in the stream after one chunk.
 */
final class FakeOpenAiGateway implements AutoCloseable {

    static final String MODEL = "fake-model";
    static final int FIRST_TOKEN_DELAY_MS = 40;
    static final int TOKEN_GAP_MS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    /** Every generation request body received, in arrival order. */
    final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    FakeOpenAiGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/models", exchange -> send(exchange, 200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\",\"owned_by\":\"test\"}]}"));
        server.createContext("/v1/completions", exchange -> generate(exchange, false));
        server.createContext("/v1/chat/completions", exchange -> generate(exchange, true));
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void generate(HttpExchange exchange, boolean chat) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        requests.add(body);
        int maxTokens = body.path("max_tokens").asInt();
        if (maxTokens == 99) {
            send(exchange, 400, "{\"error\":{\"message\":\"max_tokens 99 is too many\",\"type\":\"invalid_request_error\","
                    + "\"param\":\"max_tokens\",\"code\":null}}");
            return;
        }
        int promptTokens = chat ? body.at("/messages/0/content").asText().split(" ").length : body.get("prompt").size();
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            event(out, chat ? "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}"
                    : "{\"choices\":[{\"index\":0,\"text\":\"\"}]}");
            sleep(FIRST_TOKEN_DELAY_MS);
            for (int i = 0; i < maxTokens; i++) {
                if (i > 0) {
                    sleep(TOKEN_GAP_MS);
                }
                ObjectNode chunk = JSON.createObjectNode();
                ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
                if (chat) {
                    choice.putObject("delta").put("content", " t" + i);
                } else {
                    choice.put("text", " t" + i);
                }
                event(out, chunk.toString());
                if (maxTokens == 98) {
                    event(out, "{\"error\":{\"message\":\"the worker went away\",\"type\":\"server_error\"}}");
                    return;
                }
            }
            event(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + maxTokens
                    + ",\"total_tokens\":" + (promptTokens + maxTokens) + "}}");
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
