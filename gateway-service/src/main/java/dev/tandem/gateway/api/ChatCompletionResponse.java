package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A non-streamed chat completion ({@code object: "chat.completion"}). */
public record ChatCompletionResponse(String id, String object, long created, String model, List<Choice> choices,
                                     Usage usage) {

    public record Choice(int index, Message message, ChatLogprobs logprobs,
                         @JsonProperty("finish_reason") String finishReason) {
    }

    /** {@code reasoning_content} and {@code tool_calls} appear only when there are some. */
    public record Message(String role, String content,
                          @JsonProperty("reasoning_content") @JsonInclude(JsonInclude.Include.NON_NULL) String reasoningContent,
                          @JsonProperty("tool_calls") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ToolCallJson> toolCalls) {
    }
}
