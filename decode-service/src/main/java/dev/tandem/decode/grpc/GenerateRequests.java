package dev.tandem.decode.grpc;

import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.Sampling;

import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Maps a {@code GenerateRequest} to an engine request, reading proto3's unset values as the
 * contract defines them (top_p 0 is 1, repetition_penalty 0 is off, top_logprobs &lt; 0 is none).
 * Ranges are checked by the engine's records, whose messages name the field and the value.
 */
final class GenerateRequests {

    private GenerateRequests() {
    }

    static EngineRequest toEngine(String engineId, GenerateRequest request) {
        if (request.getPromptIdsCount() == 0) {
            throw new IllegalArgumentException("prompt_ids must not be empty");
        }
        int[] prompt = request.getPromptIdsList().stream().mapToInt(Integer::intValue).toArray();
        return new EngineRequest(engineId, prompt, request.getMaxTokens(), sampling(request), request.getIgnoreEos(),
                new HashSet<>(request.getStopTokenIdsList()));
    }

    static SamplingParams sampling(GenerateRequest request) {
        Sampling s = request.getSampling();
        return new SamplingParams(
                s.getTemperature(),
                s.getTopK(),
                s.getTopP() == 0 ? 1 : s.getTopP(),
                s.getMinP(),
                s.hasSeed() ? OptionalLong.of(s.getSeed()) : OptionalLong.empty(),
                s.getPresencePenalty(),
                s.getFrequencyPenalty(),
                s.getRepetitionPenalty() == 0 ? 1 : s.getRepetitionPenalty(),
                Map.copyOf(s.getLogitBiasMap()),
                request.hasTopLogprobs() ? Math.max(-1, request.getTopLogprobs()) : -1);
    }
}
