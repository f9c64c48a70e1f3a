package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tokenize, detokenize, render and generate --prompt through the command line. */
class TextCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    static Path model;

    @BeforeAll
    static void writeRandomModel() {
        model = temp.resolve("qwen3-tiny");
        CliRun run = CliRun.of("model", "random", "--shape", "qwen3-tiny", "--dtype", "bf16", "--seed", "1", "--out", model.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    private static List<JsonNode> lines(CliRun run) {
        assertEquals(0, run.exitCode(), run.err());
        return run.out().lines().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError(line, e);
            }
        }).toList();
    }

    private static Path shared(String name) {
        Path dir = Path.of(System.getProperty("tandem.shared.dir", "../shared"), "models", name);
        Assumptions.assumeTrue(Files.isDirectory(dir), "../shared/models/" + name + " is absent: skipping");
        return dir;
    }

    @Test
    void tokenizeThenDetokenizeRoundTrips() {
        String texts = "{\"text\": \"Hello, world! <|im_start|>\"}\n{\"text\": \"naïve café 你好 🐶\"}\n";
        List<JsonNode> ids = lines(CliRun.withInput(texts, "tokenize", "--model", model.toString()));
        assertEquals(2, ids.size());
        StringBuilder back = new StringBuilder();
        ids.forEach(line -> back.append("{\"ids\": ").append(line.get("ids")).append("}\n"));
        List<JsonNode> decoded = lines(CliRun.withInput(back.toString(), "detokenize", "--model", model.toString()));
        assertEquals("Hello, world! <|im_start|>", decoded.get(0).get("text").asText());
        assertEquals("naïve café 你好 🐶", decoded.get(1).get("text").asText());
    }

    @Test
    void renderUsesTheModelsChatTemplate() {
        String chat = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"add_generation_prompt\": true}\n";
        JsonNode rendered = lines(CliRun.withInput(chat, "render", "--model", model.toString())).getFirst();
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", rendered.get("prompt").asText());
        JsonNode ids = lines(CliRun.withInput("{\"text\": " + JSON.valueToTree(rendered.get("prompt").asText()) + "}\n",
                "tokenize", "--model", model.toString())).getFirst().get("ids");
        assertEquals(ids, rendered.get("ids"));
    }

    @Test
    void badLinesAreReportedWithTheirNumber() {
        CliRun notJson = CliRun.withInput("{\"text\": \"ok\"}\nnope\n", "tokenize", "--model", model.toString());
        assertEquals(1, notJson.exitCode());
        assertTrue(notJson.err().contains("line 2"), notJson.err());
        CliRun wrongField = CliRun.withInput("{\"ids\": [1, \"x\"]}\n", "detokenize", "--model", model.toString());
        assertEquals(1, wrongField.exitCode());
        assertTrue(wrongField.err().contains("ids[1]"), wrongField.err());
        CliRun unknownId = CliRun.withInput("{\"ids\": [99999999]}\n", "detokenize", "--model", model.toString());
        assertEquals(1, unknownId.exitCode());
        assertTrue(unknownId.err().contains("99999999"), unknownId.err());
        CliRun noMessages = CliRun.withInput("{\"messages\": 3}\n", "render", "--model", model.toString());
        assertEquals(1, noMessages.exitCode());
        assertTrue(noMessages.err().contains("messages"), noMessages.err());
    }

    @Test
    void generateWithTextPromptReportsText() throws Exception {
        CliRun run = CliRun.of("generate", "--model", model.toString(), "--prompt", "Hello", "--max-tokens", "5",
                "--temperature", "0", "--ignore-eos", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals(5, result.get("ids").size());
        assertTrue(result.has("text"));
    }

    @Test
    void qwen3GoldenTokenizationAndChatTemplate() throws Exception {
        Path dir = shared("qwen3-tiny-random");
        JsonNode strings = JSON.readTree(dir.resolve("tokenizer_golden.json").toFile()).get("strings");
        StringBuilder texts = new StringBuilder();
        for (JsonNode c : strings) {
            texts.append(JSON.writeValueAsString(JSON.createObjectNode().put("text", c.get("text").asText()))).append('\n');
        }
        List<JsonNode> ids = lines(CliRun.withInput(texts.toString(), "tokenize", "--model", dir.toString()));
        for (int i = 0; i < strings.size(); i++) {
            assertEquals(strings.get(i).get("ids"), ids.get(i).get("ids"), "string " + i);
        }

        JsonNode cases = JSON.readTree(dir.resolve("chat_template_golden.json").toFile()).get("cases");
        StringBuilder chats = new StringBuilder();
        for (JsonNode c : cases) {
            var input = JSON.createObjectNode();
            for (String field : List.of("messages", "tools", "add_generation_prompt", "enable_thinking")) {
                if (c.has(field)) {
                    input.set(field, c.get(field));
                }
            }
            chats.append(JSON.writeValueAsString(input)).append('\n');
        }
        List<JsonNode> rendered = lines(CliRun.withInput(chats.toString(), "render", "--model", dir.toString()));
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(cases.get(i).get("rendered").asText(), rendered.get(i).get("prompt").asText(), cases.get(i).get("name").asText());
            assertEquals(cases.get(i).get("ids"), rendered.get(i).get("ids"), cases.get(i).get("name").asText());
        }
    }

    @Test
    void storiesGgufTokenizerAndFallbackTemplate() {
        Path gguf = shared("stories260K").resolve("stories260K.gguf");
        JsonNode ids = lines(CliRun.withInput("{\"text\": \"Once upon a time\"}\n", "tokenize", "--model", gguf.toString())).getFirst().get("ids");
        assertEquals(1, ids.get(0).asInt(), "BOS first");
        JsonNode rendered = lines(CliRun.withInput("{\"messages\": [{\"role\": \"user\", \"content\": \"Once upon a time\"}]}\n",
                "render", "--model", gguf.toString())).getFirst();
        assertEquals("Once upon a time", rendered.get("prompt").asText());
        assertEquals(ids, rendered.get("ids"));
    }
}
