package dev.tandem.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes OpenAI-style server-sent events: {@code data: <json>\n\n}, each flushed, ending with {@code data: [DONE]}. */
final class SseWriter {

    static final String CONTENT_TYPE = "text/event-stream";
    static final String DONE = "data: [DONE]\n\n";

    private final ObjectMapper json;
    private final OutputStream out;

    SseWriter(ObjectMapper json, OutputStream out) {
        this.json = json;
        this.out = out;
    }

    static String event(ObjectMapper json, Object data) {
        try {
            return "data: " + json.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(Object data) throws IOException {
        write(event(json, data));
    }

    void done() throws IOException {
        write(DONE);
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
