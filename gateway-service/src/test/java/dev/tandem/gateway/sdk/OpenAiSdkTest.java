package dev.tandem.gateway.sdk;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.tandem.gateway.model.ServedModel;
import dev.tandem.gateway.worker.EngineWorkerResource;
import dev.tandem.gateway.worker.SharedModels;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI Java SDK against the gateway, with a worker over ../shared/models/qwen3-tiny-random (the
 * real Qwen3 tokenizer and chat template); disabled when that model is absent.
 */
@QuarkusTest
@EnabledIf(value = "dev.tandem.gateway.worker.SharedModels#qwen3TinyRandomPresent",
        disabledReason = "needs ../shared/models/qwen3-tiny-random")
@WithTestResource(value = EngineWorkerResource.class, initArgs = @ResourceArg(name = "model", value = "shared"))
class OpenAiSdkTest {

    @TestHTTPResource("/v1")
    URL baseUrl;

    @Inject
    ServedModel model;

    private OpenAIClient client() {
        return OpenAIOkHttpClient.builder().baseUrl(baseUrl.toString()).apiKey("unused").maxRetries(0).build();
    }

    @Test
    void servesTheSharedQwen3Model() {
        assertEquals(SharedModels.qwen3TinyRandom(), model.dir());
    }

    @Test
    void nonStreamingSeedRequest() {
        ChatCompletion completion = client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model.dir().toString()).addUserMessage("Send a test!").maxTokens(30).temperature(0.7).topP(0.9)
                .seed(10).build());
        assertEquals(1, completion.choices().size());
        assertTrue(completion.choices().getFirst().message().content().isPresent());
        long completionTokens = completion.usage().orElseThrow().completionTokens();
        assertTrue(completionTokens >= 1 && completionTokens <= 30, "completion tokens " + completionTokens);
        // same seed, same text
        ChatCompletion again = client().chat().completions().create(ChatCompletionCreateParams.builder()
                .model(model.dir().toString()).addUserMessage("Send a test!").maxTokens(30).temperature(0.7).topP(0.9)
                .seed(10).build());
        assertEquals(completion.choices().getFirst().message().content(), again.choices().getFirst().message().content());
    }

    @Test
    void streamingAliasRequest() {
        StringBuilder text = new StringBuilder();
        String[] finish = new String[1];
        try (StreamResponse<ChatCompletionChunk> stream = client().chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("qwen")
                        .addUserMessage("Tell me about the absolute legend Roger Federer").maxTokens(30).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
                choice.delta().content().ifPresent(text::append);
                choice.finishReason().ifPresent(reason -> finish[0] = reason.asString());
            }));
        }
        assertTrue(finish[0].equals("stop") || finish[0].equals("length"), "finish reason " + finish[0]);
    }
}
