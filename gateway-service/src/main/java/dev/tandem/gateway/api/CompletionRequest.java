package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * {@code POST /v1/completions}. {@code prompt} is a string, a list of strings, a list of token ids or a list of
 * such lists; {@code logprobs} is the number of alternatives (0-5 in OpenAI's API, up to 20 here).
 */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        @JsonProperty("max_tokens") Integer maxTokens,
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("min_p") Double minP,
        Long seed,
        JsonNode stop,
        @JsonProperty("stop_token_ids") int[] stopTokenIds,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonProperty("repetition_penalty") Double repetitionPenalty,
        Integer n,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        Integer logprobs,
        @JsonProperty("logit_bias") Map<String, Double> logitBias,
        @JsonProperty("ignore_eos") Boolean ignoreEos,
        @JsonProperty("skip_special_tokens") Boolean skipSpecialTokens,
        Boolean echo,
        String suffix,
        @JsonProperty("best_of") Integer bestOf,
        String user) {
}
