package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token counts of a request: the prompt(s) once, the completions of all choices together. */
public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                    @JsonProperty("completion_tokens") int completionTokens,
                    @JsonProperty("total_tokens") int totalTokens) {

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens);
    }
}
