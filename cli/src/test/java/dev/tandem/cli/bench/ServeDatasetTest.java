package dev.tandem.cli.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeDatasetTest {

    @Test
    void randomIdPromptsAreSeededExactAndInTheVocabulary() {
        List<ServePrompt> a = ServeDataset.random(20, 64, 16, 1.0, 100, false, 5);
        List<ServePrompt> b = ServeDataset.random(20, 64, 16, 1.0, 100, false, 5);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).ids(), b.get(i).ids());
            assertEquals(64, a.get(i).inputTokens());
            assertEquals(16, a.get(i).outputTokens());
            assertTrue(java.util.Arrays.stream(a.get(i).ids()).allMatch(id -> id >= 0 && id < 100));
        }
    }

    @Test
    void rangeRatioSpreadsLengthsBelowTheMaximum() {
        List<ServePrompt> prompts = ServeDataset.random(200, 100, 10, 0.5, 256, false, 1);
        assertTrue(prompts.stream().allMatch(p -> p.inputTokens() >= 50 && p.inputTokens() <= 100
                && p.outputTokens() >= 5 && p.outputTokens() <= 10));
        assertTrue(prompts.stream().mapToInt(ServePrompt::inputTokens).distinct().count() > 10);
        assertThrows(IllegalArgumentException.class, () -> ServeDataset.random(1, 10, 10, 0, 256, false, 1));
    }

    @Test
    void textPromptsHaveTheWordsAsked() {
        ServePrompt p = ServeDataset.random(1, 12, 4, 1.0, 256, true, 3).getFirst();
        assertEquals(12, p.text().split(" ").length);
    }

    @Test
    void filePromptsAreReadAndCycled(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.jsonl"), """
                {"prompt": "hello", "output_len": 4}

                {"prompt": [1, 2, 3], "output_len": 2}
                """);
        List<ServePrompt> prompts = ServeDataset.file(file, 3);
        assertEquals("hello", prompts.get(0).text());
        assertArrayEquals(new int[]{1, 2, 3}, prompts.get(1).ids());
        assertEquals(4, prompts.get(2).outputTokens());
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": \"x\", \"output_len\": 1}\n{\"prompt\": \"y\"}\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServeDataset.file(bad, 1)).getMessage().contains("line 2"));
    }
}
