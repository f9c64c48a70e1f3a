package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.Checkpoint;
import dev.tandem.engine.checkpoint.CheckpointException;
import dev.tandem.engine.checkpoint.Checkpoints;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.GgufCheckpoint;
import dev.tandem.engine.checkpoint.GgufExport;
import dev.tandem.engine.checkpoint.GgufWriter;
import dev.tandem.engine.checkpoint.Tensor;
import dev.tandem.engine.checkpoint.TensorValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Self-contained: random tiny models ({@link RandomModelWriter}) exported to GGUF and run again. The GGUF
 * model's logits at every position equal the Hugging Face directory's (same weights), or stay close (bf16, Q8_0).
 */
class GgufExportForwardTest {

    /**
     * "Equal": the same weights give the same logits up to float summation order (the Vector API's lane
     * reduction order may change once the JIT compiles it), far below any storage rounding.
     */
    private static final double EQUAL = 1e-5;
    private static final int[] PROMPT = new SplittableRandom(7).ints(24, 0, 300).toArray();

    @TempDir
    Path tmp;

    @Test
    void qwen3F32ExportGivesEqualLogits() throws IOException {
        Path hf = randomModel(RandomModelShape.QWEN3_TINY, DType.F32);
        Path gguf = export(hf, DType.F32);
        try (Checkpoint checkpoint = Checkpoints.open(gguf)) {
            assertInstanceOf(GgufCheckpoint.class, checkpoint);
            assertEquals(RopeLayout.ROTATE_HALF, checkpoint.config().ropeLayout());
        }
        assertClose(logits(hf), logits(gguf), EQUAL);
    }

    @Test
    void llamaF32ExportWithPermutedQkGivesTheSameLogits() throws IOException {
        Path hf = randomModel(RandomModelShape.LLAMA_TINY, DType.F32);
        Path gguf = export(hf, DType.F32);
        try (Checkpoint hfCheckpoint = Checkpoints.open(hf); Checkpoint ggufCheckpoint = Checkpoints.open(gguf)) {
            assertEquals(RopeLayout.INTERLEAVED, ggufCheckpoint.config().ropeLayout());
            // the rows really moved: interleaved row 1 is rotate_half row headDim/2 of the first head
            Tensor hfQ = hfCheckpoint.tensor("model.layers.0.self_attn.q_proj.weight");
            Tensor ggufQ = ggufCheckpoint.tensor("model.layers.0.self_attn.q_proj.weight");
            int headDim = hfCheckpoint.config().headDim();
            assertArrayEquals(TensorValues.row(hfQ, headDim / 2), TensorValues.row(ggufQ, 1));
            assertArrayEquals(TensorValues.row(hfQ, 1), TensorValues.row(ggufQ, 2));
        }
        // RoPE pairs and attention dot products sum in another order: equal up to float rounding
        assertClose(logits(hf), logits(gguf), EQUAL);
    }

    @Test
    void bf16AndF32ExportsOfABf16ModelGiveEqualLogits() throws IOException {
        Path hf = randomModel(RandomModelShape.QWEN3_TINY, DType.BF16);
        float[] expected = logits(hf);
        assertClose(expected, logits(export(hf, DType.BF16)), EQUAL);
        assertClose(expected, logits(export(hf, DType.F32)), EQUAL);
    }

    @Test
    void bf16AndQ8ExportsOfAnF32ModelStayClose() throws IOException {
        Path hf = randomModel(RandomModelShape.QWEN3_TINY, DType.F32);
        float[] expected = logits(hf);
        assertClose(expected, logits(export(hf, DType.BF16)), 2e-2);
        assertClose(expected, logits(export(hf, DType.F16)), 2e-3);
        assertClose(expected, logits(export(hf, DType.Q8_0)), 5e-2);
    }

    @Test
    void q8ExportFallsBackToF16ForRowsThatDoNotFillBlocks() throws IOException {
        Path hf = randomModel(RandomModelShape.LLAMA_TINY, DType.F32); // intermediate 172: down_proj rows are 172 wide
        GgufExport export = GgufWriter.write(hf, tmp.resolve("llama-q8.gguf"), DType.Q8_0);
        try (Checkpoint checkpoint = Checkpoints.open(export.file())) {
            assertEquals(DType.Q8_0, checkpoint.tensor("model.layers.0.mlp.gate_proj.weight").dtype());
            assertEquals(DType.F16, checkpoint.tensor("model.layers.0.mlp.down_proj.weight").dtype());
            assertEquals(DType.F32, checkpoint.tensor("model.layers.0.input_layernorm.weight").dtype());
            assertEquals(Map.of(DType.F32, 5, DType.Q8_0, 13, DType.F16, 2), export.tensorTypes());
        }
        assertClose(logits(hf), logits(export.file()), 5e-2);
    }

    @Test
    void decodeWeightBytesCountEveryMatrixOnceAndOneEmbeddingRow() throws IOException {
        Path hf = randomModel(RandomModelShape.QWEN3_TINY, DType.BF16);
        GgufExport export = GgufWriter.write(hf, tmp.resolve("q.gguf"), DType.BF16);
        try (Model model = Model.open(hf, 1)) {
            ModelConfig c = model.config();
            long row = 2L * c.hiddenSize();
            assertEquals(model.transformer().weights().bytesPerStep() + row, export.decodeWeightBytes());
        }
        assertTrue(Files.size(export.file()) == export.fileBytes());
    }

    @Test
    void missingTokenizerIsAClearError() throws IOException {
        Path hf = randomModel(RandomModelShape.QWEN3_TINY, DType.F32);
        Files.delete(hf.resolve("tokenizer.json"));
        Path out = tmp.resolve("none.gguf");
        CheckpointException e = assertThrows(CheckpointException.class, () -> GgufWriter.write(hf, out, DType.F32));
        assertTrue(e.getMessage().contains("tokenizer.json") && e.getMessage().contains(hf.toString()), e.getMessage());
        assertTrue(Files.notExists(out) && Files.notExists(tmp.resolve("none.gguf.partial")));
    }

    private Path randomModel(RandomModelShape shape, DType dtype) throws IOException {
        Path dir = tmp.resolve(shape.id() + "-" + dtype);
        RandomModelWriter.write(shape, dtype, 3, dir, Optional.empty());
        return dir;
    }

    private Path export(Path hf, DType type) throws IOException {
        return GgufWriter.write(hf, tmp.resolve(hf.getFileName() + "-" + type + ".gguf"), type).file();
    }

    /** Logits at every position of {@link #PROMPT}. */
    private static float[] logits(Path checkpoint) {
        try (Model model = Model.open(checkpoint, 1)) {
            return model.transformer().forward(PROMPT, new KvCache(model.config(), PROMPT.length), true);
        }
    }

    /** max |a - b| at most {@code relative} times the largest |a|. */
    private static void assertClose(float[] expected, float[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        System.out.printf("max |Δlogit| %.3g of max |logit| %.3g (relative %.3g, allowed %.3g)%n", worst, scale, worst / scale, relative);
        assertTrue(worst <= relative * scale, "max |Δlogit| %g exceeds %g × %g".formatted(worst, relative, scale));
        assertTrue(worst > 0 || relative <= EQUAL, "a lossy export changed nothing: the comparison is not looking at it");
    }
}
