package dev.tandem.gateway.rest;

import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.List;

/** Splits an SSE body into its {@code data: } payloads, checking the framing on the way. */
final class Sse {

    private Sse() {
    }

    /** The payloads in order; the last is always {@code [DONE]}. */
    static List<String> payloads(String body) {
        List<String> payloads = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (event.isBlank()) {
                continue;
            }
            if (!event.startsWith("data: ")) {
                throw new AssertionError("SSE event without 'data: ' prefix: " + event);
            }
            payloads.add(event.substring("data: ".length()));
        }
        if (!body.endsWith("data: [DONE]\n\n")) {
            throw new AssertionError("SSE body does not end with data: [DONE]: " + body);
        }
        return payloads;
    }

    static List<JsonPath> chunks(String body) {
        List<String> payloads = payloads(body);
        return payloads.subList(0, payloads.size() - 1).stream().map(JsonPath::from).toList();
    }
}
