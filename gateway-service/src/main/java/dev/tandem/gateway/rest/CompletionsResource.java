package dev.tandem.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.gateway.api.ApiException;
import dev.tandem.gateway.api.CompletionLogprobs;
import dev.tandem.gateway.api.CompletionRequest;
import dev.tandem.gateway.api.CompletionResponse;
import dev.tandem.gateway.api.Usage;
import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.metrics.GatewayMetrics;
import dev.tandem.gateway.metrics.RequestTiming;
import dev.tandem.gateway.model.ServedModel;
import dev.tandem.gateway.service.ChoiceAccumulator;
import dev.tandem.gateway.service.ChoiceEvent;
import dev.tandem.gateway.service.CompletionPrompts;
import dev.tandem.gateway.service.GenerationParams;
import dev.tandem.gateway.service.GenerationService;
import dev.tandem.gateway.service.GenerationSpec;
import dev.tandem.gateway.service.LogprobFormats;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/completions}: one or more prompts (text or token ids), each with {@code n} choices. */
@Path("/v1/completions")
public class CompletionsResource {

    static final String ENDPOINT = "completions";

    private final GenerationService generation;
    private final ServedModel model;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;

    public CompletionsResource(GenerationService generation, ServedModel model, GatewayConfig config,
                               GatewayMetrics metrics, ObjectMapper json) {
        this.generation = generation;
        this.model = model;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CompletionRequest request, @Context RoutingContext exchange) {
        if (request == null) {
            throw ApiException.invalid(null, "The request body must be a JSON object");
        }
        RequestChecks.model(request.model(), model);
        if (request.suffix() != null) {
            throw ApiException.invalid("suffix", "suffix is not supported");
        }
        if (Boolean.TRUE.equals(request.echo())) {
            throw ApiException.invalid("echo", "echo is not supported");
        }
        if (request.bestOf() != null && request.bestOf() != 1 && !request.bestOf().equals(request.n())) {
            throw ApiException.invalid("best_of", "best_of is not supported (other than equal to n)");
        }
        if (request.logprobs() != null && (request.logprobs() < 0 || request.logprobs() > 20)) {
            throw ApiException.invalid("logprobs", "logprobs must be between 0 and 20, got " + request.logprobs());
        }
        int topLogprobs = request.logprobs() == null ? -1 : request.logprobs();
        GenerationParams.Checked checked = new GenerationParams(request.maxTokens() == null ? 16 : request.maxTokens(),
                "max_tokens", request.temperature(), request.topP(), request.topK(), request.minP(), request.seed(),
                request.stop(), request.stopTokenIds(), request.presencePenalty(), request.frequencyPenalty(),
                request.repetitionPenalty(), request.n(), request.logitBias(), request.ignoreEos(),
                request.skipSpecialTokens(), topLogprobs).check(model.vocabSize(), config.maxN());
        List<GenerationSpec> specs = new ArrayList<>();
        int promptTokens = 0;
        for (int[] prompt : CompletionPrompts.parse(request.prompt(), model.tokenizer(), model.vocabSize())) {
            specs.add(checked.forPrompt(prompt, model.contextLength(), null));
            promptTokens += prompt.length;
        }
        int totalPromptTokens = promptTokens;

        String id = RequestChecks.newId("cmpl-");
        long created = System.currentTimeMillis() / 1000;
        RequestTiming timing = metrics.start(ENDPOINT);
        ChoiceAccumulator accumulated = new ChoiceAccumulator();
        EventStream events = EventStream.open(() -> generation.run(id, specs, checked.n(), timing), exchange, timing,
                totalPromptTokens);
        if (!Boolean.TRUE.equals(request.stream())) {
            events.drainInto(accumulated, timing, totalPromptTokens);
            return Response.ok(response(id, created, request.model(), accumulated, totalPromptTokens, topLogprobs >= 0),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }
        boolean includeUsage = request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
        StreamingOutput body = out -> {
            SseWriter sse = new SseWriter(json, out);
            Map<Integer, Integer> offsets = new HashMap<>();
            try (events) {
                while (events.hasNext()) {
                    ChoiceEvent event = events.next();
                    accumulated.add(event);
                    if (event.delta().isEmpty() && event.logprobs().isEmpty() && !event.isLast()) {
                        continue;
                    }
                    CompletionLogprobs logprobs = null;
                    if (topLogprobs >= 0) {
                        int offset = offsets.getOrDefault(event.index(), 0);
                        logprobs = LogprobFormats.completion(event.logprobs(), offset);
                        offsets.put(event.index(), offset + LogprobFormats.textLength(event.logprobs()));
                    }
                    sse.send(new CompletionResponse(id, "text_completion", created, request.model(),
                            List.of(new CompletionResponse.Choice(event.index(), event.delta().content(), logprobs,
                                    event.finishReason())), null));
                }
                if (includeUsage && !events.abandoned()) {
                    sse.send(new CompletionResponse(id, "text_completion", created, request.model(), List.of(),
                            Usage.of(totalPromptTokens, accumulated.completionTokens())));
                }
            } catch (ApiException e) {
                sse.send(e.body());
            } finally {
                timing.end(totalPromptTokens, accumulated.completionTokens());
            }
            if (!events.abandoned()) {
                sse.done();
            }
        };
        return Response.ok(body, SseWriter.CONTENT_TYPE).header("Cache-Control", "no-cache").build();
    }

    private static CompletionResponse response(String id, long created, String model, ChoiceAccumulator accumulated,
                                               int promptTokens, boolean logprobs) {
        List<CompletionResponse.Choice> choices = new ArrayList<>();
        for (Map.Entry<Integer, ChoiceAccumulator.Choice> entry : accumulated.choices().entrySet()) {
            ChoiceAccumulator.Choice choice = entry.getValue();
            choices.add(new CompletionResponse.Choice(entry.getKey(), choice.content.toString(),
                    logprobs ? LogprobFormats.completion(choice.logprobs, 0) : null, choice.finishReason));
        }
        return new CompletionResponse(id, "text_completion", created, model, choices,
                Usage.of(promptTokens, accumulated.completionTokens()));
    }
}
