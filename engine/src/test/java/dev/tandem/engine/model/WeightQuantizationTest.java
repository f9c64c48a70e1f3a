package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.GgufWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightQuantizationTest {

    @TempDir
    Path temp;

    @Test
    void q8AtLoadEqualsTheQ8GgufAndStaysCloseToFullPrecision() throws Exception {
        Path dir = temp.resolve("qwen3");
        RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.F32, 5, dir, Optional.empty());
        Path gguf = temp.resolve("qwen3-q8.gguf");
        GgufWriter.write(dir, gguf, DType.Q8_0);
        int[] prompt = {5, 17, 33, 2, 90, 41, 7};
        try (Model full = Model.open(dir, 2);
             Model quantized = Model.open(dir, 2, WeightQuantization.Q8_0);
             Model fromGguf = Model.open(gguf, 2)) {
            float[] reference = full.transformer().forward(prompt, new KvCache(full.config(), 8), true);
            float[] q8 = quantized.transformer().forward(prompt, new KvCache(quantized.config(), 8), true);
            float[] q8Gguf = fromGguf.transformer().forward(prompt, new KvCache(fromGguf.config(), 8), true);
            assertEquals(DType.Q8_0, quantized.transformer().weights().layers().getFirst().query().dtype());
            assertArrayEquals(q8Gguf, q8, 1e-5f, "same bytes as ggml's Q8_0, same logits");
            double error = 0;
            double norm = 0;
            for (int i = 0; i < reference.length; i++) {
                error += Math.pow(reference[i] - q8[i], 2);
                norm += Math.pow(reference[i], 2);
            }
            assertTrue(Math.sqrt(error / norm) < 0.02, "relative error " + Math.sqrt(error / norm));
        }
    }

    @Test
    void matricesThatDoNotFillWholeBlocksStayAsTheyAre() throws Exception {
        Path dir = temp.resolve("llama");
        RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.F32, 5, dir, Optional.empty());
        try (Model quantized = Model.open(dir, 2, WeightQuantization.Q8_0)) {
            LayerWeights layer = quantized.transformer().weights().layers().getFirst();
            assertEquals(DType.Q8_0, layer.gate().dtype(), "64 columns: quantized");
            assertEquals(DType.F32, layer.down().dtype(), "172 columns: kept");
        }
    }

    @Test
    void parsesNamesAndRejectsOthers() {
        assertEquals(WeightQuantization.Q8_0, WeightQuantization.parse("Q8_0"));
        assertEquals(WeightQuantization.NONE, WeightQuantization.parse("none"));
        var e = assertThrows(IllegalArgumentException.class, () -> WeightQuantization.parse("q4_k"));
        assertTrue(e.getMessage().contains("q4_k") && e.getMessage().contains("q8_0"), e.getMessage());
    }
}
