package dev.tandem.gateway.service;

import dev.tandem.engine.chat.output.AssistantDelta;

import java.util.List;

/**
 * What one choice produced since its previous event.
 *
 * @param index            the choice's index in the response
 * @param delta            new reasoning, content and tool calls (content only for completions)
 * @param logprobs         logprobs of the tokens behind this event, when asked for
 * @param finishReason     null until the last event of the choice: stop, length or tool_calls
 * @param completionTokens tokens generated so far
 */
public record ChoiceEvent(int index, AssistantDelta delta, List<TokenLogprob> logprobs, String finishReason,
                          int completionTokens) {

    public ChoiceEvent {
        logprobs = List.copyOf(logprobs);
    }

    public boolean isLast() {
        return finishReason != null;
    }
}
