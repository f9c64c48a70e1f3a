package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportGgufCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    static Path model;

    @BeforeAll
    static void writeRandomModel() {
        model = temp.resolve("qwen3-tiny");
        CliRun run = CliRun.of("model", "random", "--shape", "qwen3-tiny", "--dtype", "bf16", "--seed", "5", "--out", model.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void exportsQ8AndTheGgufGeneratesLikeTheDirectory() throws Exception {
        Path out = temp.resolve("q8.gguf");
        CliRun run = CliRun.of("model", "export-gguf", "--model", model.toString(), "--out", out.toString(), "--type", "q8_0", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode result = JSON.readTree(run.out());
        assertEquals("q8_0", result.get("type").asText());
        assertEquals(Files.size(out), result.get("file_bytes").asLong());
        assertEquals(3 * 11 + 3, result.get("tensors").asInt());
        assertEquals(3 * 7 + 2, result.get("tensor_types").get("q8_0").asInt(), "every 2-D weight incl. embeddings and lm_head");
        assertTrue(result.get("decode_weight_bytes").asLong() > 0);
        assertTrue(run.err().contains("wrote " + out), run.err());

        CliRun generated = CliRun.of("generate", "--model", out.toString(), "--prompt-ids", "5,6,7", "--max-tokens", "4",
                "--temperature", "0", "--ignore-eos", "--json", "--threads=1");
        assertEquals(0, generated.exitCode(), generated.err());
        assertEquals(4, JSON.readTree(generated.out()).get("ids").size());
    }

    @Test
    void defaultTypeIsBf16AndNameCanBeSet() throws Exception {
        Path out = temp.resolve("named.gguf");
        CliRun run = CliRun.of("model", "export-gguf", "--model", model.toString(), "--out", out.toString(), "--name", "tiny", "--json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("bf16", JSON.readTree(run.out()).get("type").asText());
        String header = new String(Files.readAllBytes(out), 0, 4096, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("general.name") && header.contains("tiny"));
    }

    @Test
    void unknownTypeIsAUsageErrorAndMissingModelAFailure() {
        CliRun bad = CliRun.of("model", "export-gguf", "--model", model.toString(), "--out", temp.resolve("x.gguf").toString(), "--type", "q4_0");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("q4_0"), bad.err());
        CliRun missing = CliRun.of("model", "export-gguf", "--model", temp.resolve("nope").toString(), "--out", temp.resolve("y.gguf").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("error: ") && missing.err().contains("nope"), missing.err());
    }
}
