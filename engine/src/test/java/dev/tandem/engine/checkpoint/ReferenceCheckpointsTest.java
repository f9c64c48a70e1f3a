package dev.tandem.engine.checkpoint;

import dev.tandem.engine.SharedAssets;
import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared reference checkpoints (README sections 1 and 2); skipped when ../shared is absent. */
class ReferenceCheckpointsTest {

    private static final ModelConfig STORIES = new ModelConfig(Architecture.LLAMA, 512, 64, 5, 8, 4, 8, 172, 1e-5, 10000,
            RopeLayout.ROTATE_HALF, true, false, 512, 1, List.of(2), "float32");

    @Test
    void stories260kSafetensorsLoadsWithItsConfig() {
        try (Checkpoint checkpoint = Checkpoints.open(SharedAssets.model("stories260K"))) {
            assertInstanceOf(HfCheckpoint.class, checkpoint);
            assertEquals(STORIES, checkpoint.config());
            assertEquals(47, checkpoint.tensorNames().size());
            assertFalse(checkpoint.has("lm_head.weight"), "tied embeddings");
            Tensor embed = checkpoint.tensor("model.embed_tokens.weight");
            assertEquals(DType.F32, embed.dtype());
            assertArrayEquals(new long[]{512, 64}, embed.shape());
            assertArrayEquals(new long[]{64, 172}, checkpoint.tensor("model.layers.4.mlp.down_proj.weight").shape());
            assertArrayEquals(new long[]{32, 64}, checkpoint.tensor("model.layers.0.self_attn.k_proj.weight").shape());
        }
    }

    @Test
    void qwen3TinyRandomLoadsFromTwoShards() {
        Path dir = SharedAssets.model("qwen3-tiny-random");
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            assertEquals(new ModelConfig(Architecture.QWEN3, 151936, 64, 3, 4, 2, 32, 192, 1e-6, 1e6, RopeLayout.ROTATE_HALF,
                    false, false, 4096, 151643, List.of(151645, 151643), "bfloat16"), checkpoint.config());
            assertEquals(36, checkpoint.tensorNames().size());
            assertEquals(2, checkpoint.files().size());
            String shard1 = "model-00001-of-00002.safetensors";
            String shard2 = "model-00002-of-00002.safetensors";
            assertEquals(shard1, checkpoint.fileOf("model.layers.1.self_attn.q_proj.weight").getFileName().toString());
            assertEquals(shard1, checkpoint.fileOf("model.layers.1.self_attn.k_norm.weight").getFileName().toString());
            assertEquals(shard2, checkpoint.fileOf("model.layers.1.input_layernorm.weight").getFileName().toString());
            assertEquals(shard2, checkpoint.fileOf("model.layers.1.mlp.down_proj.weight").getFileName().toString());
            assertEquals(shard2, checkpoint.fileOf("lm_head.weight").getFileName().toString());
            long totalBytes = 0;
            for (String name : checkpoint.tensorNames()) {
                Tensor t = checkpoint.tensor(name);
                assertEquals(DType.BF16, t.dtype(), name);
                totalBytes += t.data().byteSize();
            }
            assertEquals(39_265_536L, totalBytes, "README: total_size");
            assertArrayEquals(new long[]{128, 64}, checkpoint.tensor("model.layers.2.self_attn.q_proj.weight").shape());
            assertArrayEquals(new long[]{32}, checkpoint.tensor("model.layers.0.self_attn.q_norm.weight").shape());
            // README recipe: embeddings N(0,1), q_proj N(0,1)/sqrt(64), norms 1 + 0.1 N(0,1).
            assertStats(checkpoint.tensor("model.embed_tokens.weight"), 0, 1, 0.01);
            assertStats(checkpoint.tensor("model.layers.0.self_attn.q_proj.weight"), 0, 0.125, 0.01);
            assertStats(checkpoint.tensor("lm_head.weight"), 0, 0.125, 0.01);
        }
    }

    static void assertStats(Tensor tensor, double mean, double std, double tolerance) {
        float[] v = TensorValues.floats(tensor);
        double sum = 0;
        double squares = 0;
        for (float x : v) {
            sum += x;
            squares += (double) x * x;
        }
        double m = sum / v.length;
        double s = Math.sqrt(squares / v.length - m * m);
        assertEquals(mean, m, tolerance * Math.max(1, std) + 3 * std / Math.sqrt(v.length), tensor.name() + " mean");
        assertEquals(std, s, tolerance * std + 5 * std / Math.sqrt(v.length), tensor.name() + " std");
    }

    @Test
    void stories260kGgufLoadsWithItsMetadataAndConfig() {
        Path file = SharedAssets.model("stories260K").resolve("stories260K.gguf");
        try (Checkpoint checkpoint = Checkpoints.open(file)) {
            GgufCheckpoint gguf = assertInstanceOf(GgufCheckpoint.class, checkpoint);
            assertEquals(3, gguf.file().version());
            assertEquals(32, gguf.file().alignment());
            assertEquals(47, gguf.file().tensorInfos().size());
            Map<String, Object> m = checkpoint.ggufMetadata().orElseThrow();
            assertEquals("llama", m.get("general.architecture"));
            assertEquals(0L, m.get("general.file_type"));
            assertEquals(512L, m.get("llama.vocab_size"));
            assertEquals(8L, m.get("llama.rope.dimension_count"));
            assertEquals(1e-5, m.get("llama.attention.layer_norm_rms_epsilon"));
            assertEquals("llama", m.get("tokenizer.ggml.model"));
            List<?> tokens = (List<?>) m.get("tokenizer.ggml.tokens");
            assertEquals(512, tokens.size());
            assertEquals(List.of("<unk>", "<s>", "</s>", "<0x00>"), tokens.subList(0, 4));
            assertTrue(tokens.stream().anyMatch(t -> ((String) t).startsWith("\u2581")), "pieces use U+2581");
            List<?> types = (List<?>) m.get("tokenizer.ggml.token_type");
            assertEquals(List.of(2L, 3L, 3L, 6L), types.subList(0, 4));
            assertEquals(6L, types.get(258));
            assertEquals(1L, types.get(259));
            assertEquals(512, ((List<?>) m.get("tokenizer.ggml.scores")).size());
            assertInstanceOf(Double.class, ((List<?>) m.get("tokenizer.ggml.scores")).get(300));
            assertEquals(Boolean.TRUE, m.get("tokenizer.ggml.add_bos_token"));
            assertEquals(Boolean.FALSE, m.get("tokenizer.ggml.add_eos_token"));
            assertEquals(0L, m.get("tokenizer.ggml.unknown_token_id"));
            assertArrayEquals(new long[]{64, 512}, gguf.file().tensorInfos().stream()
                    .filter(t -> t.name().equals("token_embd.weight")).findFirst().orElseThrow().dims(), "ggml order");
            ModelConfig expected = new ModelConfig(Architecture.LLAMA, 512, 64, 5, 8, 4, 8, 172, 1e-5, 10000,
                    RopeLayout.INTERLEAVED, true, false, 512, 1, List.of(2), "float32");
            assertEquals(expected, checkpoint.config());
        }
    }

    /** README section 1: GGUF tensors equal the HF ones, except Q/K whose rows are in Meta's interleaved order. */
    @Test
    void storiesGgufTensorsRelateToTheSafetensorsOnes() {
        Path dir = SharedAssets.model("stories260K");
        try (Checkpoint hf = HfCheckpoint.open(dir); Checkpoint gguf = GgufCheckpoint.open(dir.resolve("stories260K.gguf"))) {
            assertEquals(hf.tensorNames(), gguf.tensorNames());
            for (String name : hf.tensorNames()) {
                Tensor a = hf.tensor(name);
                Tensor b = gguf.tensor(name);
                assertArrayEquals(a.shape(), b.shape(), name);
                boolean queryOrKey = name.endsWith("q_proj.weight") || name.endsWith("k_proj.weight");
                if (!queryOrKey) {
                    assertEquals(-1, MemorySegment.mismatch(a.data(), 0, a.data().byteSize(), b.data(), 0, b.data().byteSize()),
                            name + " is bit-identical");
                }
            }
            for (int layer = 0; layer < 5; layer++) {
                String p = "model.layers." + layer + ".self_attn.";
                assertInterleavedPermutation(hf.tensor(p + "q_proj.weight"), gguf.tensor(p + "q_proj.weight"), 8, 8);
                assertInterleavedPermutation(hf.tensor(p + "k_proj.weight"), gguf.tensor(p + "k_proj.weight"), 4, 8);
            }
            // The check is sensitive: the permutation really moves rows.
            assertFalse(Arrays.equals(TensorValues.row(hf.tensor("model.layers.0.self_attn.q_proj.weight"), 1),
                    TensorValues.row(gguf.tensor("model.layers.0.self_attn.q_proj.weight"), 1)));
        }
    }

    /**
     * HF row {@code h*hd + j*hd/2 + i} is Meta/GGUF row {@code h*hd + 2i + j}: transformers'
     * {@code w.reshape(heads, hd/2, 2, in).transpose(0, 2, 1, 3)} (README section 1).
     */
    private static void assertInterleavedPermutation(Tensor hf, Tensor gguf, int heads, int headDim) {
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < headDim / 2; i++) {
                    int hfRow = h * headDim + j * headDim / 2 + i;
                    int ggufRow = h * headDim + 2 * i + j;
                    assertArrayEquals(TensorValues.row(hf, hfRow), TensorValues.row(gguf, ggufRow),
                            "%s row %d = GGUF row %d".formatted(hf.name(), hfRow, ggufRow));
                }
            }
        }
    }
}
