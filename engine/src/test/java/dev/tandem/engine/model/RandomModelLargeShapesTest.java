package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.HfCheckpoint;
import dev.tandem.engine.checkpoint.Tensor;
import dev.tandem.engine.checkpoint.TensorValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes the multi-gigabyte shapes and loads them back; prints the times. Off by default (disk and minutes):
 * run with {@code -Dtandem.test.large=true}.
 */
@EnabledIfSystemProperty(named = "tandem.test.large", matches = "true")
class RandomModelLargeShapesTest {

    @TempDir
    Path dir;

    @Test
    void qwen3_0_6bBf16() throws IOException {
        long start = System.nanoTime();
        RandomModelWriter.write(RandomModelShape.QWEN3_0_6B, DType.BF16, 1, dir, Optional.empty());
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        long bytes = Files.size(dir.resolve("model.safetensors"));
        System.out.printf("qwen3-0.6b bf16: %.2f GB written in %.1f s (%d cores)%n", bytes / 1e9, writeSeconds,
                Runtime.getRuntime().availableProcessors());
        start = System.nanoTime();
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            System.out.printf("opened in %.0f ms%n", (System.nanoTime() - start) / 1e6);
            assertEquals(151936, checkpoint.config().vocabSize());
            assertEquals(28 * 11 + 2, checkpoint.tensorNames().size());
            Tensor down = checkpoint.tensor("model.layers.27.mlp.down_proj.weight");
            float[] v = TensorValues.floats(down);
            double squares = 0;
            for (float x : v) {
                squares += x * x;
            }
            assertEquals(1 / Math.sqrt(3072), Math.sqrt(squares / v.length), 1e-3);
        }
    }

    @Test
    void qwen3_32b1LayerBf16IsSharded() throws IOException {
        long start = System.nanoTime();
        RandomModelWriter.write(RandomModelShape.QWEN3_32B_1LAYER, DType.BF16, 1, dir, Optional.empty());
        System.out.printf("qwen3-32b-1layer bf16 written in %.1f s%n", (System.nanoTime() - start) / 1e9);
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            assertTrue(checkpoint.files().size() >= 3, checkpoint.files().toString());
            for (Path file : checkpoint.files()) {
                long size = Files.size(file);
                System.out.printf("  %s %.2f GB%n", file.getFileName(), size / 1e9);
            }
            assertEquals(5120, checkpoint.tensor("lm_head.weight").dim(1));
        }
    }
}
