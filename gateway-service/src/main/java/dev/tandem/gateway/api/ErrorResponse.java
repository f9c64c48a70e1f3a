package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}. */
public record ErrorResponse(Error error) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Error(String message, String type, String param, String code) {
    }
}
