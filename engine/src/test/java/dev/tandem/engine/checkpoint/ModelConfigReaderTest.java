package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelConfigReaderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static ObjectNode qwen3() {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add("Qwen3ForCausalLM");
        c.put("hidden_size", 64).put("num_hidden_layers", 3).put("num_attention_heads", 4).put("num_key_value_heads", 2)
                .put("head_dim", 32).put("intermediate_size", 192).put("rms_norm_eps", 1e-6).put("rope_theta", 1000000)
                .put("tie_word_embeddings", false).put("max_position_embeddings", 4096).put("bos_token_id", 151643)
                .put("eos_token_id", 151645).put("torch_dtype", "bfloat16").put("vocab_size", 151936);
        c.putNull("rope_scaling");
        return c;
    }

    private static ModelConfig parse(ObjectNode config) {
        return ModelConfigReader.parse(config, Optional.empty(), "test/config.json");
    }

    @Test
    void readsAllFieldsOfAQwen3Config() {
        ModelConfig c = parse(qwen3());
        assertEquals(new ModelConfig(Architecture.QWEN3, 151936, 64, 3, 4, 2, 32, 192, 1e-6, 1e6, RopeLayout.ROTATE_HALF,
                false, false, 4096, 151643, List.of(151645), "bfloat16"), c);
    }

    @Test
    void appliesDefaultsForOptionalFields() {
        ObjectNode config = qwen3();
        config.setAll(JSON.createObjectNode().put("hidden_size", 128));
        config.remove(List.of("num_key_value_heads", "head_dim", "rope_theta", "tie_word_embeddings", "bos_token_id",
                "eos_token_id", "torch_dtype"));
        config.putArray("architectures").add("LlamaForCausalLM");
        ModelConfig c = parse(config);
        assertEquals(4, c.numKvHeads(), "kv heads default to heads");
        assertEquals(32, c.headDim(), "head_dim defaults to hidden / heads");
        assertEquals(10000.0, c.ropeTheta());
        assertFalse(c.tieWordEmbeddings());
        assertFalse(c.attentionBias());
        assertEquals(-1, c.bosTokenId());
        assertEquals(List.of(), c.eosTokenIds());
        assertEquals(Architecture.LLAMA, c.architecture());
    }

    @Test
    void qwen2AlwaysHasAttentionBiasesAndLlamaFollowsTheFlag() {
        ObjectNode qwen2 = qwen3();
        qwen2.putArray("architectures").add("Qwen2ForCausalLM");
        qwen2.remove("head_dim");
        assertTrue(parse(qwen2).attentionBias());
        ObjectNode llama = qwen3();
        llama.putArray("architectures").add("LlamaForCausalLM");
        llama.put("attention_bias", true);
        assertTrue(parse(llama).attentionBias());
    }

    @Test
    void unitesEosIdsOfConfigAndGenerationConfigInOrder() {
        ObjectNode config = qwen3();
        config.putArray("eos_token_id").add(7).add(151645);
        ObjectNode generation = JSON.createObjectNode();
        generation.putArray("eos_token_id").add(151645).add(151643).add(7);
        ModelConfig c = ModelConfigReader.parse(config, Optional.of(generation), "x");
        assertEquals(List.of(7, 151645, 151643), c.eosTokenIds());
    }

    @Test
    void readsConfigAndGenerationConfigFromADirectory() throws IOException {
        ObjectNode config = qwen3();
        config.remove("bos_token_id");
        Files.writeString(dir.resolve("config.json"), config.toString());
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 5, \"eos_token_id\": [151645, 151643]}");
        ModelConfig c = ModelConfigReader.read(dir);
        assertEquals(List.of(151645, 151643), c.eosTokenIds());
        assertEquals(5, c.bosTokenId(), "bos falls back to the generation config");
    }

    @Test
    void refusesRopeScalingNamingTheValue() {
        ObjectNode config = qwen3();
        config.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0);
        CheckpointException e = assertThrows(CheckpointException.class, () -> parse(config));
        assertTrue(e.getMessage().contains("rope_scaling") && e.getMessage().contains("yarn")
                && e.getMessage().contains("is not supported"), e.getMessage());
        config.putObject("rope_scaling").put("type", "default");
        assertEquals(1e6, parse(config).ropeTheta(), "a default rope_scaling is plain RoPE");
    }

    @Test
    void readsRopeThetaFromRopeParameters() {
        ObjectNode config = qwen3();
        config.remove("rope_theta");
        config.putObject("rope_parameters").put("rope_type", "default").put("rope_theta", 500000.0);
        assertEquals(500000.0, parse(config).ropeTheta());
    }

    @Test
    void unknownArchitectureListsTheSupportedOnes() {
        ObjectNode config = qwen3();
        config.putArray("architectures").add("MistralForCausalLM");
        CheckpointException e = assertThrows(CheckpointException.class, () -> parse(config));
        assertTrue(e.getMessage().contains("MistralForCausalLM") && e.getMessage().contains("Qwen3ForCausalLM")
                && e.getMessage().contains("Qwen2ForCausalLM") && e.getMessage().contains("LlamaForCausalLM"), e.getMessage());
    }

    @Test
    void missingRequiredFieldNamesFieldAndFile() throws IOException {
        ObjectNode config = qwen3();
        config.remove("intermediate_size");
        Files.writeString(dir.resolve("config.json"), config.toString());
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelConfigReader.read(dir));
        assertTrue(e.getMessage().contains("intermediate_size") && e.getMessage().contains(dir.resolve("config.json").toString()),
                e.getMessage());
    }

    @Test
    void wrongTypeNamesTheField() {
        ObjectNode config = qwen3();
        config.put("hidden_size", "64");
        CheckpointException e = assertThrows(CheckpointException.class, () -> parse(config));
        assertTrue(e.getMessage().contains("hidden_size") && e.getMessage().contains("integer"), e.getMessage());
    }

    @Test
    void inconsistentDimensionsAreReportedWithTheFile() {
        ObjectNode config = qwen3();
        config.put("num_key_value_heads", 3);
        CheckpointException e = assertThrows(CheckpointException.class, () -> parse(config));
        assertTrue(e.getMessage().contains("test/config.json") && e.getMessage().contains("num_key_value_heads"), e.getMessage());
    }

    @Test
    void malformedJsonNamesTheFile() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"hidden_size\": 64,");
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelConfigReader.read(dir));
        assertTrue(e.getMessage().contains("malformed JSON") && e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void missingConfigNamesTheDirectory() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelConfigReader.read(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void writerOutputReadsBackToTheSameConfig() throws IOException {
        ModelConfig original = new ModelConfig(Architecture.QWEN2, 1000, 64, 2, 4, 2, 16, 100, 1e-5, 1e6,
                RopeLayout.ROTATE_HALF, true, true, 256, 3, List.of(4, 5), "float32");
        ModelConfigWriter.write(dir, original);
        assertEquals(original, ModelConfigReader.read(dir));
    }
}
