package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfCheckpointTest {

    @TempDir
    Path dir;

    static ModelConfig tinyQwen3(boolean tied) {
        return new ModelConfig(Architecture.QWEN3, 40, 16, 2, 4, 2, 8, 24, 1e-6, 1e6, RopeLayout.ROTATE_HALF, tied,
                false, 128, 1, List.of(2, 3), "float32");
    }

    /** Tensor {@code t}, element {@code i} holds {@code t + i / 1024}: exact in F32, distinct per tensor. */
    static float value(int tensorIndex, int element) {
        return tensorIndex + element / 1024f;
    }

    /** Writes config files and the layout's tensors, leaving out those {@code skip} accepts. */
    static void writeModel(Path dir, ModelConfig config, long maxShard, Predicate<String> skip) throws IOException {
        ModelConfigWriter.write(dir, config);
        List<WritableTensor> tensors = new ArrayList<>();
        List<TensorSpec> specs = TensorLayout.of(config);
        for (int t = 0; t < specs.size(); t++) {
            TensorSpec spec = specs.get(t);
            if (skip.test(spec.name())) {
                continue;
            }
            int n = (int) Arrays.stream(spec.shape()).reduce(1, Math::multiplyExact);
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = value(t, i);
            }
            tensors.add(SafetensorsWriterTest.f32(spec.name(), spec.shape(), values));
        }
        SafetensorsWriter.write(dir, tensors, maxShard);
    }

    private void assertFailsNaming(String... parts) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> HfCheckpoint.open(dir));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
    }

    @Test
    void loadsASingleFileCheckpointWithItsValues() throws IOException {
        ModelConfig config = tinyQwen3(false);
        writeModel(dir, config, Long.MAX_VALUE, name -> false);
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            assertEquals(config, checkpoint.config());
            List<TensorSpec> specs = TensorLayout.of(config);
            assertEquals(specs.stream().map(TensorSpec::name).collect(Collectors.toSet()), checkpoint.tensorNames());
            for (int t = 0; t < specs.size(); t++) {
                Tensor tensor = checkpoint.tensor(specs.get(t).name());
                assertArrayEquals(specs.get(t).shape(), tensor.shape());
                float[] values = TensorValues.floats(tensor);
                assertEquals(value(t, 0), values[0]);
                assertEquals(value(t, values.length - 1), values[values.length - 1]);
            }
            assertEquals(List.of(dir.resolve("model.safetensors")), checkpoint.files());
        }
    }

    @Test
    void loadsAShardedCheckpointThroughItsIndex() throws IOException {
        ModelConfig config = tinyQwen3(true);
        writeModel(dir, config, 3000, name -> name.equals("lm_head.weight"));
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            assertTrue(checkpoint.files().size() > 3, "sharded: " + checkpoint.files());
            assertTrue(!checkpoint.has("lm_head.weight") && checkpoint.config().tieWordEmbeddings());
            Tensor down = checkpoint.tensor("model.layers.1.mlp.down_proj.weight");
            int index = TensorLayout.of(config).stream().map(TensorSpec::name).toList().indexOf(down.name());
            assertEquals(value(index, 100), TensorValues.floats(down)[100]);
        }
    }

    @Test
    void closingUnmapsEveryShard() throws IOException {
        writeModel(dir, tinyQwen3(false), 3000, name -> false);
        HfCheckpoint checkpoint = HfCheckpoint.open(dir);
        Tensor embed = checkpoint.tensor("model.embed_tokens.weight");
        Tensor head = checkpoint.tensor("lm_head.weight");
        checkpoint.close();
        assertThrows(IllegalStateException.class, () -> TensorValues.floats(embed));
        assertThrows(IllegalStateException.class, () -> TensorValues.floats(head));
    }

    @Test
    void missingConfigIsNamed() throws IOException {
        writeModel(dir, tinyQwen3(false), Long.MAX_VALUE, name -> false);
        Files.delete(dir.resolve("config.json"));
        assertFailsNaming("config.json", dir.toString());
    }

    @Test
    void missingShardNamesShardAndIndex() throws IOException {
        writeModel(dir, tinyQwen3(false), 3000, name -> false);
        Files.delete(dir.resolve("model-00002-of-" + shardCount() + ".safetensors"));
        assertFailsNaming("model-00002-of-", "missing", ShardIndex.FILE_NAME);
    }

    private String shardCount() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("model-00001-of-"))
                    .findFirst().orElseThrow().substring("model-00001-of-".length(), "model-00001-of-".length() + 5);
        }
    }

    @Test
    void indexEntryAbsentFromItsShardIsReported() throws IOException {
        writeModel(dir, tinyQwen3(false), 3000, name -> false);
        Path index = dir.resolve(ShardIndex.FILE_NAME);
        Files.writeString(index, Files.readString(index).replace("\"model.norm.weight\"", "\"model.ghost.weight\""));
        assertFailsNaming("model.ghost.weight", ShardIndex.FILE_NAME);
    }

    @Test
    void malformedIndexIsNamed() throws IOException {
        writeModel(dir, tinyQwen3(false), 3000, name -> false);
        Files.writeString(dir.resolve(ShardIndex.FILE_NAME), "{\"weight_map\": {");
        assertFailsNaming("malformed JSON", ShardIndex.FILE_NAME);
    }

    @Test
    void shardNamesMustStayInTheDirectory() throws IOException {
        writeModel(dir, tinyQwen3(false), 3000, name -> false);
        Files.writeString(dir.resolve(ShardIndex.FILE_NAME), "{\"weight_map\": {\"a\": \"../elsewhere.safetensors\"}}");
        assertFailsNaming("../elsewhere.safetensors", "a");
    }

    @Test
    void missingWeightsAreReported() throws IOException {
        ModelConfigWriter.write(dir, tinyQwen3(false));
        assertFailsNaming("model.safetensors", ShardIndex.FILE_NAME, dir.toString());
    }

    @Test
    void shapeMismatchNamesTensorExpectedAndActual() throws IOException {
        writeModel(dir, tinyQwen3(false), Long.MAX_VALUE, name -> false);
        ModelConfig wider = new ModelConfig(Architecture.QWEN3, 40, 16, 2, 4, 2, 8, 32, 1e-6, 1e6, RopeLayout.ROTATE_HALF,
                false, false, 128, 1, List.of(2), "float32");
        ModelConfigWriter.write(dir, wider);
        assertFailsNaming("model.layers.0.mlp.gate_proj.weight", "[24, 16]", "[32, 16]", "model.safetensors");
    }

    @Test
    void missingRequiredTensorIsNamed() throws IOException {
        writeModel(dir, tinyQwen3(false), Long.MAX_VALUE, name -> name.equals("model.layers.1.self_attn.k_norm.weight"));
        assertFailsNaming("model.layers.1.self_attn.k_norm.weight", "missing");
    }

    @Test
    void untiedModelNeedsLmHead() throws IOException {
        writeModel(dir, tinyQwen3(false), Long.MAX_VALUE, name -> name.equals("lm_head.weight"));
        assertFailsNaming("lm_head.weight");
    }

    @Test
    void qwen2NeedsAttentionBiases() throws IOException {
        ModelConfig qwen2 = new ModelConfig(Architecture.QWEN2, 40, 16, 1, 4, 2, 4, 24, 1e-6, 1e6, RopeLayout.ROTATE_HALF,
                true, true, 128, 1, List.of(2), "float32");
        writeModel(dir, qwen2, Long.MAX_VALUE, name -> false);
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            assertArrayEquals(new long[]{8}, checkpoint.tensor("model.layers.0.self_attn.k_proj.bias").shape());
            assertArrayEquals(new long[]{16}, checkpoint.tensor("model.layers.0.self_attn.q_proj.bias").shape());
        }
        writeModel(dir, qwen2, Long.MAX_VALUE, name -> name.equals("model.layers.0.self_attn.v_proj.bias"));
        assertFailsNaming("model.layers.0.self_attn.v_proj.bias");
    }

    @Test
    void unsupportedArchitectureIsReported() throws IOException {
        writeModel(dir, tinyQwen3(false), Long.MAX_VALUE, name -> false);
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("Qwen3ForCausalLM", "GPT2LMHeadModel"));
        assertFailsNaming("GPT2LMHeadModel", "Qwen3ForCausalLM", config.toString());
    }

    @Test
    void unknownTensorIsReportedWithTheDirectory() throws IOException {
        writeModel(dir, tinyQwen3(false), Long.MAX_VALUE, name -> false);
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> checkpoint.tensor("nope"));
            assertTrue(e.getMessage().contains("nope") && e.getMessage().contains(dir.toString()));
        }
    }
}
