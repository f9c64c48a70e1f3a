package dev.tandem.gateway.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.chat.output.AssistantDelta;
import dev.tandem.engine.chat.output.StreamedToolCall;
import dev.tandem.gateway.api.ApiException;
import dev.tandem.gateway.api.ChatCompletionChunk;
import dev.tandem.gateway.api.ChatCompletionRequest;
import dev.tandem.gateway.api.ChatCompletionResponse;
import dev.tandem.gateway.api.ChatLogprobs;
import dev.tandem.gateway.api.ToolCallJson;
import dev.tandem.gateway.api.Usage;
import dev.tandem.gateway.config.GatewayConfig;
import dev.tandem.gateway.metrics.GatewayMetrics;
import dev.tandem.gateway.metrics.RequestTiming;
import dev.tandem.gateway.model.ServedModel;
import dev.tandem.gateway.service.ChatPrompt;
import dev.tandem.gateway.service.ChoiceAccumulator;
import dev.tandem.gateway.service.ChoiceEvent;
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
import java.util.List;
import java.util.Map;

/** {@code POST /v1/chat/completions}: validate, render the chat template, generate, answer as JSON or SSE. */
@Path("/v1/chat/completions")
public class ChatCompletionsResource {

    static final String ENDPOINT = "chat_completions";

    private final GenerationService generation;
    private final ServedModel model;
    private final GatewayConfig config;
    private final GatewayMetrics metrics;
    private final ObjectMapper json;

    public ChatCompletionsResource(GenerationService generation, ServedModel model, GatewayConfig config,
                                   GatewayMetrics metrics, ObjectMapper json) {
        this.generation = generation;
        this.model = model;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(ChatCompletionRequest request, @Context RoutingContext exchange) {
        if (request == null) {
            throw ApiException.invalid(null, "The request body must be a JSON object");
        }
        RequestChecks.model(request.model(), model);
        Integer requestedTop = request.topLogprobs();
        if (requestedTop != null && (requestedTop < 0 || requestedTop > 20)) {
            throw ApiException.invalid("top_logprobs", "top_logprobs must be between 0 and 20, got " + requestedTop);
        }
        if (requestedTop != null && requestedTop > 0 && !Boolean.TRUE.equals(request.logprobs())) {
            throw ApiException.invalid("top_logprobs", "top_logprobs requires logprobs to be true");
        }
        int topLogprobs = Boolean.TRUE.equals(request.logprobs()) ? (request.topLogprobs() == null ? 0 : request.topLogprobs()) : -1;
        boolean maxCompletion = request.maxCompletionTokens() != null;
        GenerationParams.Checked checked = new GenerationParams(
                maxCompletion ? request.maxCompletionTokens() : request.maxTokens(),
                maxCompletion ? "max_completion_tokens" : "max_tokens", request.temperature(), request.topP(),
                request.topK(), request.minP(), request.seed(), request.stop(), request.stopTokenIds(),
                request.presencePenalty(), request.frequencyPenalty(), request.repetitionPenalty(), request.n(),
                request.logitBias(), request.ignoreEos(), request.skipSpecialTokens(), topLogprobs)
                .check(model.vocabSize(), config.maxN());
        ChatPrompt prompt = ChatPrompt.render(request, model.format());
        GenerationSpec spec = checked.forPrompt(prompt.ids(), model.contextLength(), prompt.parsing());

        String id = RequestChecks.newId("chatcmpl-");
        long created = System.currentTimeMillis() / 1000;
        RequestTiming timing = metrics.start(ENDPOINT);
        ChoiceAccumulator accumulated = new ChoiceAccumulator();
        EventStream events = EventStream.open(() -> generation.run(id, List.of(spec), checked.n(), timing), exchange, timing,
                spec.promptIds().length);
        if (!Boolean.TRUE.equals(request.stream())) {
            events.drainInto(accumulated, timing, spec.promptIds().length);
            return Response.ok(response(id, created, request.model(), accumulated, spec.promptIds().length,
                    topLogprobs >= 0), MediaType.APPLICATION_JSON_TYPE).build();
        }
        boolean includeUsage = request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
        StreamingOutput body = out -> {
            SseWriter sse = new SseWriter(json, out);
            try (events) {
                for (int i = 0; i < checked.n(); i++) {
                    sse.send(chunk(id, created, request.model(), i, new ChatCompletionChunk.Delta("assistant", "", null, null), null, null));
                }
                while (events.hasNext()) {
                    ChoiceEvent event = events.next();
                    accumulated.add(event);
                    if (!event.delta().isEmpty() || !event.logprobs().isEmpty()) {
                        sse.send(chunk(id, created, request.model(), event.index(), delta(event.delta()),
                                topLogprobs >= 0 ? LogprobFormats.chat(event.logprobs()) : null, null));
                    }
                    for (StreamedToolCall call : event.delta().toolCalls()) {
                        sse.send(chunk(id, created, request.model(), event.index(), new ChatCompletionChunk.Delta(null,
                                null, null, List.of(ToolCallJson.arguments(call.index(), call.call().argumentsJson()))),
                                null, null));
                    }
                    if (event.isLast()) {
                        sse.send(chunk(id, created, request.model(), event.index(),
                                new ChatCompletionChunk.Delta(null, null, null, null), null, event.finishReason()));
                    }
                }
                if (includeUsage && !events.abandoned()) {
                    sse.send(new ChatCompletionChunk(id, "chat.completion.chunk", created, request.model(), List.of(),
                            Usage.of(spec.promptIds().length, accumulated.completionTokens())));
                }
            } catch (ApiException e) {
                sse.send(e.body());
            } finally {
                timing.end(spec.promptIds().length, accumulated.completionTokens());
            }
            if (!events.abandoned()) {
                sse.done();
            }
        };
        return Response.ok(body, SseWriter.CONTENT_TYPE).header("Cache-Control", "no-cache").build();
    }

    private static ChatCompletionChunk chunk(String id, long created, String model, int index,
                                             ChatCompletionChunk.Delta delta, ChatLogprobs logprobs,
                                             String finishReason) {
        return new ChatCompletionChunk(id, "chat.completion.chunk", created, model,
                List.of(new ChatCompletionChunk.Choice(index, delta, logprobs, finishReason)), null);
    }

    /** A streamed delta; its tool calls are their first pieces (id, type, name), the arguments follow as OpenAI's do. */
    private static ChatCompletionChunk.Delta delta(AssistantDelta delta) {
        List<ToolCallJson> calls = delta.toolCalls().stream()
                .map(c -> ToolCallJson.header(c.index(), c.call().id(), c.call().name()))
                .toList();
        return new ChatCompletionChunk.Delta(null, delta.content().isEmpty() ? null : delta.content(),
                delta.reasoning().isEmpty() ? null : delta.reasoning(), calls.isEmpty() ? null : calls);
    }

    private static ChatCompletionResponse response(String id, long created, String model, ChoiceAccumulator accumulated,
                                                   int promptTokens, boolean logprobs) {
        List<ChatCompletionResponse.Choice> choices = new ArrayList<>();
        for (Map.Entry<Integer, ChoiceAccumulator.Choice> entry : accumulated.choices().entrySet()) {
            ChoiceAccumulator.Choice choice = entry.getValue();
            List<ToolCallJson> calls = choice.toolCalls.stream()
                    .map(c -> ToolCallJson.of(null, c.call().id(), c.call().name(), c.call().argumentsJson()))
                    .toList();
            String content = !calls.isEmpty() && choice.content.toString().isBlank() ? null : choice.content.toString();
            String reasoning = choice.reasoning.isEmpty() ? null : choice.reasoning.toString();
            choices.add(new ChatCompletionResponse.Choice(entry.getKey(),
                    new ChatCompletionResponse.Message("assistant", content, reasoning, calls),
                    logprobs ? LogprobFormats.chat(choice.logprobs) : null, choice.finishReason));
        }
        return new ChatCompletionResponse(id, "chat.completion", created, model, choices,
                Usage.of(promptTokens, accumulated.completionTokens()));
    }
}
