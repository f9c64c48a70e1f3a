package dev.tandem.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.engine.chat.output.OutputParsing;
import dev.tandem.gateway.api.ApiException;
import dev.tandem.protocol.decode.Sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The generation fields chat and completions requests share, as received; {@link #check} validates them against
 * OpenAI's limits and the served model, naming the offending field in the 400.
 *
 * @param maxTokensParam the name the request used for max_tokens (for error messages)
 * @param topLogprobs    alternatives per token, or -1 for no logprobs
 */
public record GenerationParams(Integer maxTokens, String maxTokensParam, Double temperature, Double topP, Integer topK,
                               Double minP, Long seed, JsonNode stop, int[] stopTokenIds, Double presencePenalty,
                               Double frequencyPenalty, Double repetitionPenalty, Integer n,
                               Map<String, Double> logitBias, Boolean ignoreEos, Boolean skipSpecialTokens,
                               int topLogprobs) {

    static final int MAX_STOP_SEQUENCES = 4;
    static final int MAX_N = 128;
    static final int MAX_TOP_LOGPROBS = 20;

    /** The validated, prompt-independent part of a request. */
    public record Checked(Integer maxTokens, String maxTokensParam, Sampling sampling, OptionalLong seed, int n,
                          List<String> stopStrings, int[] stopTokenIds, boolean ignoreEos, boolean skipSpecialTokens,
                          int topLogprobs) {

        /**
         * The generation of one prompt: max_tokens defaults to the rest of the context; prompt plus max_tokens must
         * fit the context.
         */
        public GenerationSpec forPrompt(int[] promptIds, int contextLength, OutputParsing parsing) {
            int budget = contextLength - promptIds.length;
            if (budget < 1) {
                throw ApiException.invalid("messages", ("This model's maximum context length is %d tokens, but the prompt "
                        + "has %d tokens, leaving no room for a completion").formatted(contextLength, promptIds.length));
            }
            int tokens = maxTokens == null ? budget : maxTokens;
            if (tokens > budget) {
                throw ApiException.invalid(maxTokensParam, ("This model's maximum context length is %d tokens, but %d "
                        + "tokens were requested (%d in the prompt + %d for the completion, %s); reduce the prompt or %s")
                        .formatted(contextLength, promptIds.length + tokens, promptIds.length, tokens, maxTokensParam,
                                maxTokensParam));
            }
            return new GenerationSpec(promptIds, tokens, sampling, seed, ignoreEos, stopTokenIds, topLogprobs,
                    stopStrings, skipSpecialTokens, parsing);
        }
    }

    /**
     * @param vocabSize token ids (logit_bias keys, stop_token_ids) must be in {@code [0, vocabSize)}
     * @param maxN      the configured largest n (capped at 128)
     */
    public Checked check(int vocabSize, int maxN) {
        if (maxTokens != null && maxTokens < 1) {
            throw ApiException.invalid(maxTokensParam, maxTokensParam + " must be at least 1, got " + maxTokens);
        }
        double t = value(temperature, 1.0);
        range("temperature", t, 0, 2);
        double p = value(topP, 1.0);
        if (!(p > 0 && p <= 1)) {
            throw ApiException.invalid("top_p", "top_p must be in (0, 1], got " + p);
        }
        int k = topK == null ? 0 : topK;
        if (k < -1) {
            throw ApiException.invalid("top_k", "top_k must be -1 (off), 0 (off) or a positive number, got " + k);
        }
        double mp = value(minP, 0.0);
        range("min_p", mp, 0, 1);
        double presence = value(presencePenalty, 0.0);
        range("presence_penalty", presence, -2, 2);
        double frequency = value(frequencyPenalty, 0.0);
        range("frequency_penalty", frequency, -2, 2);
        double repetition = value(repetitionPenalty, 1.0);
        if (!(repetition > 0 && repetition <= 2)) {
            throw ApiException.invalid("repetition_penalty", "repetition_penalty must be in (0, 2], got " + repetition);
        }
        int choices = n == null ? 1 : n;
        int limit = Math.min(MAX_N, maxN);
        if (choices < 1 || choices > limit) {
            throw ApiException.invalid("n", "n must be between 1 and " + limit + ", got " + choices);
        }
        if (topLogprobs > MAX_TOP_LOGPROBS) {
            throw ApiException.invalid("top_logprobs", "top_logprobs must be between 0 and " + MAX_TOP_LOGPROBS
                    + ", got " + topLogprobs);
        }
        Sampling.Builder sampling = Sampling.newBuilder().setTemperature(t).setTopK(Math.max(0, k)).setTopP(p)
                .setMinP(mp).setPresencePenalty(presence).setFrequencyPenalty(frequency).setRepetitionPenalty(repetition);
        if (logitBias != null) {
            logitBias.forEach((key, bias) -> sampling.putLogitBias(tokenId(key, vocabSize), bias(key, bias)));
        }
        int[] stopIds = stopTokenIds == null ? new int[0] : stopTokenIds.clone();
        for (int id : stopIds) {
            if (id < 0 || id >= vocabSize) {
                throw ApiException.invalid("stop_token_ids", "stop_token_ids: token id " + id
                        + " is outside the vocabulary [0, " + vocabSize + ")");
            }
        }
        return new Checked(maxTokens, maxTokensParam, sampling.build(),
                seed == null ? OptionalLong.empty() : OptionalLong.of(seed), choices, stopStrings(stop), stopIds,
                Boolean.TRUE.equals(ignoreEos), skipSpecialTokens == null || skipSpecialTokens, topLogprobs);
    }

    /** {@code stop}: null, one string, or up to four strings. */
    static List<String> stopStrings(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(TextChecks.validUnicode("stop", stop.asText()));
        }
        if (!stop.isArray()) {
            throw ApiException.invalid("stop", "stop must be a string or an array of strings");
        }
        if (stop.size() > MAX_STOP_SEQUENCES) {
            throw ApiException.invalid("stop", "stop may hold at most " + MAX_STOP_SEQUENCES + " sequences, got "
                    + stop.size());
        }
        List<String> stops = new ArrayList<>();
        for (JsonNode item : stop) {
            if (!item.isTextual()) {
                throw ApiException.invalid("stop", "stop must be a string or an array of strings");
            }
            stops.add(TextChecks.validUnicode("stop", item.asText()));
        }
        return stops;
    }

    private static int tokenId(String key, int vocabSize) {
        int id;
        try {
            id = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("logit_bias", "logit_bias keys must be token ids, got '" + key + "'");
        }
        if (id < 0 || id >= vocabSize) {
            throw ApiException.invalid("logit_bias", "logit_bias: token id " + id + " is outside the vocabulary [0, "
                    + vocabSize + ")");
        }
        return id;
    }

    private static double bias(String key, Double bias) {
        if (bias == null || !(bias >= -100 && bias <= 100)) {
            throw ApiException.invalid("logit_bias", "logit_bias values must be between -100 and 100, got " + bias
                    + " for token " + key);
        }
        return bias;
    }

    private static double value(Double value, double absent) {
        return value == null ? absent : value;
    }

    private static void range(String param, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw ApiException.invalid(param, "%s must be between %s and %s, got %s".formatted(param, plain(min),
                    plain(max), value));
        }
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
