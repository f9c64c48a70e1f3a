package dev.tandem.gateway.service;

import dev.tandem.gateway.api.ChatLogprobs;
import dev.tandem.gateway.api.CompletionLogprobs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Token logprobs in the chat and the legacy completions formats. */
public final class LogprobFormats {

    private LogprobFormats() {
    }

    public static ChatLogprobs chat(List<TokenLogprob> logprobs) {
        List<ChatLogprobs.Entry> content = new ArrayList<>(logprobs.size());
        for (TokenLogprob token : logprobs) {
            List<ChatLogprobs.Alternative> top = token.alternatives().stream()
                    .map(a -> new ChatLogprobs.Alternative(a.token(), a.logprob(), bytes(a.token())))
                    .toList();
            content.add(new ChatLogprobs.Entry(token.token(), token.logprob(), bytes(token.token()), top));
        }
        return new ChatLogprobs(content);
    }

    /** @param offset where the first token's text starts in the choice's text so far */
    public static CompletionLogprobs completion(List<TokenLogprob> logprobs, int offset) {
        List<String> tokens = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Map<String, Double>> top = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int at = offset;
        for (TokenLogprob token : logprobs) {
            tokens.add(token.token());
            values.add(token.logprob());
            Map<String, Double> alternatives = new LinkedHashMap<>();
            token.alternatives().forEach(a -> alternatives.putIfAbsent(a.token(), a.logprob()));
            top.add(alternatives);
            offsets.add(at);
            at += token.token().length();
        }
        return new CompletionLogprobs(tokens, values, top, offsets);
    }

    /** The length of text the tokens of {@code logprobs} add, for the next offset. */
    public static int textLength(List<TokenLogprob> logprobs) {
        return logprobs.stream().mapToInt(t -> t.token().length()).sum();
    }

    private static List<Integer> bytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        List<Integer> bytes = new ArrayList<>(utf8.length);
        for (byte b : utf8) {
            bytes.add(b & 0xFF);
        }
        return bytes;
    }
}
