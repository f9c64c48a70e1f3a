package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** Legacy completions logprobs: parallel lists per generated token. */
public record CompletionLogprobs(List<String> tokens,
                                 @JsonProperty("token_logprobs") List<Double> tokenLogprobs,
                                 @JsonProperty("top_logprobs") List<Map<String, Double>> topLogprobs,
                                 @JsonProperty("text_offset") List<Integer> textOffset) {
}
