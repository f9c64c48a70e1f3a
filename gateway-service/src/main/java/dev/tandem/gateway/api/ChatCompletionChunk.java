package dev.tandem.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** One SSE event of a streamed chat completion ({@code object: "chat.completion.chunk"}). */
public record ChatCompletionChunk(String id, String object, long created, String model, List<Choice> choices,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {

    public record Choice(int index, Delta delta, ChatLogprobs logprobs,
                         @JsonProperty("finish_reason") String finishReason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content,
                        @JsonProperty("reasoning_content") String reasoningContent,
                        @JsonProperty("tool_calls") List<ToolCallJson> toolCalls) {
    }
}
