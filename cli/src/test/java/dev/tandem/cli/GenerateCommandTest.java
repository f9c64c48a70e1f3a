package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    static Path model;

    @BeforeAll
    static void writeRandomModel() {
        model = temp.resolve("llama-tiny");
        CliRun run = CliRun.of("model", "random", "--shape", "llama-tiny", "--dtype", "f32", "--seed", "3", "--out", model.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(model.resolve("config.json")));
    }

    private static JsonNode generate(String... extra) throws Exception {
        String[] args = new String[7 + extra.length];
        System.arraycopy(new String[] {"generate", "--model", model.toString(), "--prompt-ids", "5,6,7", "--json", "--threads=2"}, 0, args, 0, 7);
        System.arraycopy(extra, 0, args, 7, extra.length);
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void greedyJsonCarriesIdsAndTopLogits() throws Exception {
        JsonNode result = generate("--max-tokens", "12", "--temperature", "0", "--ignore-eos", "--logits-top", "20");
        assertEquals(12, result.get("ids").size());
        assertEquals("length", result.get("finish_reason").asText());
        JsonNode top = result.get("top_logits");
        assertEquals(20, top.size());
        assertEquals(result.get("ids").get(0).asInt(), top.get(0).get(0).asInt(), "greedy picks the top logit");
        for (int i = 1; i < top.size(); i++) {
            assertTrue(top.get(i - 1).get(1).asDouble() >= top.get(i).get(1).asDouble());
        }
        assertEquals(result.get("ids"), generate("--max-tokens", "12", "--temperature", "0", "--ignore-eos").get("ids"));
    }

    @Test
    void quantizedWeightsGenerate() throws Exception {
        JsonNode result = generate("--max-tokens", "4", "--temperature", "0", "--ignore-eos", "--quantize", "q8_0");
        assertEquals(4, result.get("ids").size());
        CliRun bad = CliRun.of("generate", "--model", model.toString(), "--prompt-ids", "1", "--quantize", "q2");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("q2"), bad.err());
    }

    @Test
    void sameSeedSameTokens() throws Exception {
        JsonNode a = generate("--max-tokens", "10", "--temperature", "1.0", "--seed", "7", "--ignore-eos");
        JsonNode b = generate("--max-tokens", "10", "--temperature", "1.0", "--seed", "7", "--ignore-eos");
        assertEquals(a.get("ids"), b.get("ids"));
    }

    @Test
    void matchesTheStoriesGoldenContinuation() throws Exception {
        Path shared = Path.of(System.getProperty("tandem.shared.dir", "../shared"), "models", "stories260K");
        Assumptions.assumeTrue(Files.isDirectory(shared), "../shared/models/stories260K is absent: skipping");
        JsonNode golden = JSON.readTree(shared.resolve("golden.json").toFile()).get("cases").get(1);
        StringBuilder ids = new StringBuilder();
        golden.get("input_ids").forEach(id -> ids.append(ids.isEmpty() ? "" : ",").append(id.asInt()));
        CliRun run = CliRun.of("generate", "--model", shared.toString(), "--prompt-ids", ids.toString(), "--max-tokens", "32",
                "--temperature", "0", "--ignore-eos", "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(golden.get("greedy_continuation_ids"), JSON.readTree(run.out()).get("ids"));
    }

    @Test
    void missingModelIsOneClearLineAndExitOne() {
        CliRun run = CliRun.of("generate", "--model", temp.resolve("absent").toString(), "--prompt-ids", "1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("error: no such file or directory"), run.err());
        assertTrue(run.err().lines().count() == 1, run.err());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, CliRun.of("generate", "--model", model.toString()).exitCode(), "a prompt is required");
        assertEquals(2, CliRun.of("generate", "--model", model.toString(), "--prompt-ids", "x").exitCode());
        assertEquals(2, CliRun.of("no-such-command").exitCode());
    }

    @Test
    void outOfRangeValuesAreReported() {
        CliRun run = CliRun.of("generate", "--model", model.toString(), "--prompt-ids", "1", "--temperature", "-1");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("temperature"), run.err());
        CliRun tooLong = CliRun.of("generate", "--model", model.toString(), "--prompt-ids", "1", "--max-tokens", "5000");
        assertEquals(1, tooLong.exitCode());
        assertTrue(tooLong.err().contains("context length"), tooLong.err());
        CliRun badId = CliRun.of("generate", "--model", model.toString(), "--prompt-ids", "99999");
        assertEquals(1, badId.exitCode());
        assertTrue(badId.err().contains("99999"), badId.err());
    }

    @Test
    void unknownShapeIsReported() {
        CliRun run = CliRun.of("model", "random", "--shape", "gpt-5", "--out", temp.resolve("x").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("gpt-5") && run.err().contains("qwen3-0.6b"), run.err());
    }
}
