package dev.tandem.gateway.service;

import dev.tandem.engine.chat.output.AssistantDelta;
import dev.tandem.engine.chat.output.AssistantOutputStream;
import dev.tandem.engine.chat.output.StopStringMatcher;
import dev.tandem.engine.chat.output.StreamedToolCall;
import dev.tandem.engine.tokenizer.IncrementalDetokenizer;
import dev.tandem.engine.tokenizer.Tokenizer;
import dev.tandem.protocol.decode.Token;
import dev.tandem.protocol.decode.TopLogprob;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns one choice's token stream into text: incremental detokenization, then stop strings (matched across
 * token boundaries and cut from the output), then the reasoning/tool-call split when an output stream is given.
 * End-of-sequence and stop ids, and padding ids beyond the tokenizer, are counted but never shown. Not thread-safe: one per choice.
 */
public final class ChoiceDecoder {

    /** What one batch of tokens released; {@code stopped} says a stop string matched (generation should end). */
    public record Step(AssistantDelta delta, List<TokenLogprob> logprobs, boolean stopped) {

        public boolean isEmpty() {
            return delta.isEmpty() && logprobs.isEmpty();
        }
    }

    private final Tokenizer tokenizer;
    private final IncrementalDetokenizer detokenizer;
    private final Set<Integer> hiddenIds;
    private final StopStringMatcher stops;
    private final AssistantOutputStream output;
    private int tokens;
    private boolean stopped;

    /**
     * @param hiddenIds ids counted but not detokenized (end-of-sequence and stop ids, unless ignore_eos)
     * @param output    the chat output parser, or null to release plain content (completions)
     */
    public ChoiceDecoder(Tokenizer tokenizer, boolean skipSpecialTokens, Set<Integer> hiddenIds, List<String> stopStrings,
                         AssistantOutputStream output) {
        this.tokenizer = tokenizer;
        this.detokenizer = tokenizer.newDetokenizer(skipSpecialTokens);
        this.hiddenIds = Set.copyOf(hiddenIds);
        this.stops = new StopStringMatcher(stopStrings);
        this.output = output;
    }

    public Step accept(List<Token> batch) {
        StringBuilder text = new StringBuilder();
        List<TokenLogprob> logprobs = new ArrayList<>();
        for (Token token : batch) {
            if (stopped) {
                break;
            }
            tokens++;
            if (token.hasLogprob()) {
                logprobs.add(logprobOf(token));
            }
            if (hiddenIds.contains(token.getId()) || !hasText(token.getId())) {
                continue;
            }
            StopStringMatcher.Result released = stops.accept(detokenizer.next(token.getId()));
            text.append(released.text());
            stopped = released.stopped();
        }
        return new Step(parse(text.toString()), logprobs, stopped);
    }

    /** Ends the choice: releases the text held back for incomplete characters, stop strings and tags. */
    public AssistantDelta finish() {
        String rest = "";
        if (!stopped) {
            rest = stops.accept(detokenizer.flush()).text() + stops.finish().text();
        }
        AssistantDelta last = parse(rest);
        if (output == null) {
            return last;
        }
        AssistantDelta flushed = output.finish();
        List<StreamedToolCall> calls = new ArrayList<>(last.toolCalls());
        calls.addAll(flushed.toolCalls());
        return new AssistantDelta(last.reasoning() + flushed.reasoning(), last.content() + flushed.content(), calls);
    }

    /** Tokens generated so far (up to and including the one that completed a stop string). */
    public int completionTokens() {
        return tokens;
    }

    public boolean stopped() {
        return stopped;
    }

    /** Whether the output held tool calls: the finish reason becomes {@code tool_calls}. */
    public boolean producedToolCalls() {
        return output != null && output.producedToolCalls();
    }

    private AssistantDelta parse(String text) {
        if (output != null) {
            return text.isEmpty() ? AssistantDelta.EMPTY : output.accept(text);
        }
        return text.isEmpty() ? AssistantDelta.EMPTY : new AssistantDelta("", text, List.of());
    }

    private TokenLogprob logprobOf(Token token) {
        List<TokenLogprob.Alternative> alternatives = new ArrayList<>(token.getTopLogprobsCount());
        for (TopLogprob top : token.getTopLogprobsList()) {
            alternatives.add(new TokenLogprob.Alternative(text(top.getId()), top.getLogprob()));
        }
        return new TokenLogprob(text(token.getId()), token.getLogprob(), alternatives);
    }

    private String text(int id) {
        return hasText(id) ? tokenizer.decode(new int[] {id}, false) : "";
    }

    /** Models pad their vocabulary past the tokenizer's ids; a sampled padding id has no text (as in vLLM). */
    private boolean hasText(int id) {
        return id >= 0 && id < tokenizer.vocabSize();
    }
}
