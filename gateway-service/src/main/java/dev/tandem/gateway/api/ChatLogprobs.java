package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Chat logprobs: {@code {"content": [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}]}}. */
public record ChatLogprobs(List<Entry> content) {

    public record Entry(String token, double logprob, List<Integer> bytes,
                        @JsonProperty("top_logprobs") List<Alternative> topLogprobs) {
    }

    public record Alternative(String token, double logprob, List<Integer> bytes) {
    }
}
