package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufCheckpointTest {

    private static final Map<String, String> TO_GGUF = Map.ofEntries(
            Map.entry("input_layernorm", "attn_norm"), Map.entry("self_attn.q_proj", "attn_q"),
            Map.entry("self_attn.k_proj", "attn_k"), Map.entry("self_attn.v_proj", "attn_v"),
            Map.entry("self_attn.o_proj", "attn_output"), Map.entry("self_attn.q_norm", "attn_q_norm"),
            Map.entry("self_attn.k_norm", "attn_k_norm"), Map.entry("post_attention_layernorm", "ffn_norm"),
            Map.entry("mlp.gate_proj", "ffn_gate"), Map.entry("mlp.up_proj", "ffn_up"), Map.entry("mlp.down_proj", "ffn_down"));

    @TempDir
    Path dir;

    /** The GGUF name llama.cpp gives a Hugging Face tensor (test-side inverse of {@link GgufTensorNames}). */
    static String ggufName(String hf) {
        switch (hf) {
            case "model.embed_tokens.weight": return "token_embd.weight";
            case "model.norm.weight": return "output_norm.weight";
            case "lm_head.weight": return "output.weight";
            default:
                String[] p = hf.split("\\.");
                String suffix = p[p.length - 1];
                String part = String.join(".", Arrays.copyOfRange(p, 3, p.length - 1));
                return "blk.%s.%s.%s".formatted(p[2], TO_GGUF.get(part), suffix);
        }
    }

    /** A GGUF of the config's tensors (F32, zeros but for tensor index in element 0) and its metadata. */
    static GgufBuilder model(ModelConfig c, Predicate<String> skip) {
        String a = c.architecture().ggufName() + ".";
        GgufBuilder b = new GgufBuilder()
                .put("general.architecture", GgufValues.STRING, c.architecture().ggufName())
                .put(a + "block_count", GgufValues.UINT32, c.numLayers())
                .put(a + "context_length", GgufValues.UINT32, c.maxPositionEmbeddings())
                .put(a + "embedding_length", GgufValues.UINT32, c.hiddenSize())
                .put(a + "feed_forward_length", GgufValues.UINT32, c.intermediateSize())
                .put(a + "attention.head_count", GgufValues.UINT32, c.numHeads())
                .put(a + "attention.head_count_kv", GgufValues.UINT32, c.numKvHeads())
                .put(a + "attention.key_length", GgufValues.UINT32, c.headDim())
                .put(a + "attention.layer_norm_rms_epsilon", GgufValues.FLOAT32, (float) c.rmsNormEps())
                .put(a + "rope.freq_base", GgufValues.FLOAT32, (float) c.ropeTheta())
                .put("tokenizer.ggml.bos_token_id", GgufValues.UINT32, c.bosTokenId())
                .put("tokenizer.ggml.eos_token_id", GgufValues.UINT32, c.eosTokenIds().getFirst())
                .array("tokenizer.ggml.tokens", GgufValues.STRING, Collections.nCopies(c.vocabSize(), "t"));
        List<TensorSpec> specs = TensorLayout.of(c);
        for (int t = 0; t < specs.size(); t++) {
            TensorSpec spec = specs.get(t);
            if (!spec.required() || skip.test(spec.name())) {
                continue;
            }
            long[] shape = spec.shape();
            float[] values = new float[(int) Arrays.stream(shape).reduce(1, Math::multiplyExact)];
            values[0] = t;
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = shape[shape.length - 1 - i];
            }
            b.tensor(ggufName(spec.name()), 0, GgufBuilder.f32(values), dims);
        }
        return b;
    }

    private static ModelConfig qwen3() {
        return new ModelConfig(Architecture.QWEN3, 48, 16, 2, 4, 2, 8, 24, 1e-6, 1e6, RopeLayout.ROTATE_HALF, false, false,
                256, 7, List.of(9), "float32");
    }

    @Test
    void readsConfigAndTensorsUnderHuggingFaceNames() throws IOException {
        ModelConfig config = qwen3();
        Path file = model(config, name -> false).write(dir.resolve("m.gguf"));
        try (Checkpoint checkpoint = Checkpoints.open(file)) {
            assertInstanceOf(GgufCheckpoint.class, checkpoint);
            assertEquals(config, checkpoint.config());
            Tensor k = checkpoint.tensor("model.layers.1.self_attn.k_proj.weight");
            assertArrayEquals(new long[]{16, 16}, k.shape());
            int index = TensorLayout.of(config).stream().map(TensorSpec::name).toList().indexOf(k.name());
            assertEquals(index, TensorValues.floats(k)[0]);
            assertEquals("qwen3", checkpoint.ggufMetadata().orElseThrow().get("general.architecture"));
            assertTrue(checkpoint.has("lm_head.weight"));
        }
    }

    @Test
    void llamaIsInterleavedTiedWhenOutputIsAbsentAndQwen2HasBiases() throws IOException {
        ModelConfig llama = new ModelConfig(Architecture.LLAMA, 32, 16, 1, 4, 2, 4, 24, 1e-5, 10000, RopeLayout.INTERLEAVED,
                true, false, 64, 1, List.of(2), "float32");
        try (Checkpoint checkpoint = Checkpoints.open(model(llama, name -> false).write(dir.resolve("l.gguf")))) {
            assertEquals(llama, checkpoint.config());
            assertFalse(checkpoint.has("lm_head.weight"));
        }
        ModelConfig qwen2 = new ModelConfig(Architecture.QWEN2, 32, 16, 1, 4, 2, 4, 24, 1e-6, 1e6, RopeLayout.ROTATE_HALF,
                false, true, 64, 1, List.of(2), "float32");
        try (Checkpoint checkpoint = Checkpoints.open(model(qwen2, name -> false).write(dir.resolve("q2.gguf")))) {
            assertEquals(qwen2, checkpoint.config());
            assertArrayEquals(new long[]{8}, checkpoint.tensor("model.layers.0.self_attn.v_proj.bias").shape());
        }
    }

    @Test
    void unsupportedArchitectureListsTheSupportedOnes() throws IOException {
        Path file = new GgufBuilder().put("general.architecture", GgufValues.STRING, "gemma2").write(dir.resolve("g.gguf"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> GgufCheckpoint.open(file));
        for (String part : List.of("gemma2", "qwen3", "qwen2", "llama", file.toString())) {
            assertTrue(e.getMessage().contains(part), part + " in " + e.getMessage());
        }
    }

    @Test
    void missingMetadataIsNamed() throws IOException {
        Path file = new GgufBuilder().put("general.architecture", GgufValues.STRING, "llama")
                .put("llama.embedding_length", GgufValues.UINT32, 16)
                .write(dir.resolve("m.gguf"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> GgufCheckpoint.open(file));
        assertTrue(e.getMessage().contains("llama.attention.head_count") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        Path file = model(qwen3(), name -> name.equals("model.layers.0.mlp.up_proj.weight")).write(dir.resolve("m.gguf"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> GgufCheckpoint.open(file));
        assertTrue(e.getMessage().contains("model.layers.0.mlp.up_proj.weight"), e.getMessage());
    }

    @Test
    void factoryRejectsOtherPaths() throws IOException {
        Path text = Files.writeString(dir.resolve("model.bin"), "x");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.open(text));
        assertTrue(e.getMessage().contains("expected a checkpoint directory with config.json or a .gguf file")
                && e.getMessage().contains("model.bin"), e.getMessage());
        e = assertThrows(CheckpointException.class, () -> Checkpoints.open(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("no such file or directory"), e.getMessage());
        e = assertThrows(CheckpointException.class, () -> Checkpoints.open(dir));
        assertTrue(e.getMessage().contains("config.json"), "a directory opens as a HF checkpoint: " + e.getMessage());
    }
}
