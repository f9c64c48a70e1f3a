package dev.tandem.gateway.service;

import dev.tandem.engine.chat.output.OutputParsing;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.Sampling;

import java.util.List;
import java.util.OptionalLong;

/**
 * One prompt's generation, validated: what each of its choices sends to a worker and how its output is read.
 *
 * @param sampling    sampling without the seed (each choice gets {@code seed + index} when seeded)
 * @param topLogprobs alternatives per token, or -1 for no logprobs at all
 * @param parsing     how chat output is split (reasoning, tool calls); null for completions (plain text)
 */
public record GenerationSpec(int[] promptIds, int maxTokens, Sampling sampling, OptionalLong seed, boolean ignoreEos,
                             int[] stopTokenIds, int topLogprobs, List<String> stopStrings, boolean skipSpecialTokens,
                             OutputParsing parsing) {

    public GenerationSpec {
        stopStrings = List.copyOf(stopStrings);
    }

    /** The Generate call of choice {@code choice} (0-based among this prompt's choices). */
    public GenerateRequest request(String requestId, int choice) {
        Sampling.Builder choiceSampling = sampling.toBuilder();
        seed.ifPresent(s -> choiceSampling.setSeed(s + choice));
        GenerateRequest.Builder builder = GenerateRequest.newBuilder()
                .setRequestId(requestId + "-" + choice)
                .setMaxTokens(maxTokens)
                .setSampling(choiceSampling)
                .setIgnoreEos(ignoreEos);
        if (topLogprobs >= 0) {
            builder.setTopLogprobs(topLogprobs);
        }
        for (int id : promptIds) {
            builder.addPromptIds(id);
        }
        for (int id : stopTokenIds) {
            builder.addStopTokenIds(id);
        }
        return builder.build();
    }
}
