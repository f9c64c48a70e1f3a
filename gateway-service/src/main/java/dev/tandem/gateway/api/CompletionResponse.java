package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A completion ({@code object: "text_completion"}); streamed chunks have the same shape, each choice carrying the
 * new text, and a final usage-only chunk when asked for.
 */
public record CompletionResponse(String id, String object, long created, String model, List<Choice> choices,
                                 @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    public record Choice(int index, String text, CompletionLogprobs logprobs,
                         @JsonProperty("finish_reason") String finishReason) {
    }
}
