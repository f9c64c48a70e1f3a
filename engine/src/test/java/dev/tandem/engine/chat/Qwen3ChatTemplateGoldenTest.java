package dev.tandem.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.SharedAssets;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real Qwen3 chat template (read from the reference model's tokenizer_config.json) against the renders of
 * Python Jinja2 with transformers' environment in {@code chat_template_golden.json}: every case, exactly.
 */
class Qwen3ChatTemplateGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    List<DynamicTest> rendersEveryGoldenCaseExactly() throws IOException {
        Path dir = SharedAssets.model("qwen3-tiny-random");
        ChatTemplate template = ChatTemplate.fromTokenizerConfig(dir.resolve("tokenizer_config.json")).orElseThrow();
        JsonNode golden = JSON.readTree(dir.resolve("chat_template_golden.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                ObjectNode kwargs = JsonNodeFactory.instance.objectNode();
                if (c.has("enable_thinking")) {
                    kwargs.set("enable_thinking", c.get("enable_thinking"));
                }
                ChatRequest request = ChatRequest.fromJson(c.get("messages"), c.get("tools"),
                        c.get("add_generation_prompt").asBoolean(), kwargs);
                assertEquals(c.get("rendered").asText(), template.render(request));
            }));
        }
        assertEquals(11, tests.size(), "golden case count");
        return tests;
    }

    @Test
    void readsTheQwen3TokenizerConfig() {
        Path dir = SharedAssets.model("qwen3-tiny-random");
        ChatTemplate template = ChatTemplate.fromTokenizerConfig(dir.resolve("tokenizer_config.json")).orElseThrow();
        assertEquals("<|im_end|>", template.eosToken());
        assertEquals(null, template.bosToken(), "Qwen3 has bos_token null");
        assertEquals(java.util.Set.of("default"), template.templateNames());
    }

    @Test
    void stories260KHasNoChatTemplate() {
        Path dir = SharedAssets.model("stories260K");
        Optional<ChatTemplate> template = ChatTemplate.fromTokenizerConfig(dir.resolve("tokenizer_config.json"));
        assertTrue(template.isEmpty());
    }
}
