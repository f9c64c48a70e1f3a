package dev.tandem.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.decode.DecodeClient.Completion;
import dev.tandem.decode.service.EngineLifecycle;
import dev.tandem.engine.generate.GenerationRequest;
import dev.tandem.engine.generate.Generator;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.protocol.decode.Token;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.value.registry.ValueRegistry;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The worker on the shared Qwen3 reference model: the engine's greedy tokens and the reference logprobs. */
@QuarkusTest
@TestProfile(SharedQwen3Profile.class)
class SharedQwen3DecodeTest {

    @Inject
    EngineLifecycle lifecycle;

    @Inject
    ValueRegistry values;

    @BeforeEach
    void requireTheSharedModel() {
        assumeTrue(Files.isDirectory(SharedQwen3Profile.modelDir()),
                "the shared reference model is absent: " + SharedQwen3Profile.modelDir().toAbsolutePath());
        await().atMost(Duration.ofSeconds(60)).until(lifecycle::ready);
    }

    private static JsonNode goldenCase(String name) throws IOException {
        for (JsonNode c : new ObjectMapper().readTree(SharedQwen3Profile.modelDir().resolve("golden.json").toFile()).get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("no golden case " + name);
    }

    @Test
    void greedyTokensEqualTheEnginesGeneratorAndLogprobsTheReference() throws Exception {
        JsonNode golden = goldenCase("short_en");
        int[] prompt = new int[golden.get("input_ids").size()];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = golden.get("input_ids").get(i).asInt();
        }
        int[] expected;
        try (Model model = Model.open(SharedQwen3Profile.modelDir(), 1)) {
            expected = new Generator(model.transformer())
                    .generate(new GenerationRequest(prompt, 12, SamplingParams.greedy(), true, Set.of(), 0, 512)).ids();
        }
        Completion completion;
        try (DecodeClient client = new DecodeClient(values)) {
            completion = client.complete(DecodeClient.request("qwen3", prompt, 12).setTopLogprobs(5).build());
        }
        assertArrayEquals(expected, completion.ids());

        // The first position's logprobs against the float64 reference: logit - logsumexp.
        Token first = completion.tokens().getFirst();
        double logsumexp = golden.get("last_logits_logsumexp").asDouble();
        for (int i = 0; i < 5; i++) {
            JsonNode reference = golden.get("last_logits_top20").get(i);
            assertEquals(reference.get(0).asInt(), first.getTopLogprobs(i).getId(), "rank " + i);
            assertEquals(reference.get(1).asDouble() - logsumexp, first.getTopLogprobs(i).getLogprob(), 1e-2, "rank " + i);
        }
    }
}
