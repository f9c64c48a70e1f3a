package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * {@code POST /v1/chat/completions}. Fields whose JSON type varies ({@code stop}, {@code messages}, {@code tools},
 * {@code tool_choice}, {@code response_format}) stay JSON trees and are checked by the validation.
 */
public record ChatCompletionRequest(
        String model,
        JsonNode messages,
        @JsonProperty("max_tokens") Integer maxTokens,
        @JsonProperty("max_completion_tokens") Integer maxCompletionTokens,
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
        Boolean logprobs,
        @JsonProperty("top_logprobs") Integer topLogprobs,
        @JsonProperty("logit_bias") Map<String, Double> logitBias,
        @JsonProperty("ignore_eos") Boolean ignoreEos,
        @JsonProperty("skip_special_tokens") Boolean skipSpecialTokens,
        @JsonProperty("chat_template_kwargs") JsonNode chatTemplateKwargs,
        JsonNode tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("response_format") JsonNode responseFormat,
        String user) {
}
