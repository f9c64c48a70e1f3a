package dev.tandem.gateway.service;

import dev.tandem.engine.chat.output.StreamedToolCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Gathers the events of all choices of a request: whole texts for non-streamed responses, and the usage. */
public final class ChoiceAccumulator {

    /** Everything one choice produced. */
    public static final class Choice {
        public final StringBuilder reasoning = new StringBuilder();
        public final StringBuilder content = new StringBuilder();
        public final List<StreamedToolCall> toolCalls = new ArrayList<>();
        public final List<TokenLogprob> logprobs = new ArrayList<>();
        public String finishReason;
        public int completionTokens;
    }

    private final Map<Integer, Choice> choices = new TreeMap<>();

    public synchronized void add(ChoiceEvent event) {
        Choice choice = choices.computeIfAbsent(event.index(), i -> new Choice());
        choice.reasoning.append(event.delta().reasoning());
        choice.content.append(event.delta().content());
        choice.toolCalls.addAll(event.delta().toolCalls());
        choice.logprobs.addAll(event.logprobs());
        choice.completionTokens = Math.max(choice.completionTokens, event.completionTokens());
        if (event.isLast()) {
            choice.finishReason = event.finishReason();
        }
    }

    /** The choices in index order. */
    public synchronized Map<Integer, Choice> choices() {
        return new TreeMap<>(choices);
    }

    public synchronized int completionTokens() {
        return choices.values().stream().mapToInt(c -> c.completionTokens).sum();
    }
}
