package dev.tandem.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.SharedAssets;
import dev.tandem.engine.checkpoint.CheckpointException;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.HfCheckpoint;
import dev.tandem.engine.checkpoint.ShardIndex;
import dev.tandem.engine.checkpoint.Tensor;
import dev.tandem.engine.checkpoint.TensorLayout;
import dev.tandem.engine.checkpoint.TensorSpec;
import dev.tandem.engine.checkpoint.TensorValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomModelWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SELF_MADE_SIZE = 256 + ByteLevelTokenizerFiles.MERGES.size() + 3;

    @TempDir
    Path dir;

    /** The values the recipe calls for, as floats before storage rounding, recomputed chunk by chunk. */
    static float[] expectedFloats(TensorSpec spec, int tensorIndex, long seed) {
        long[] shape = spec.shape();
        int n = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
        double[] init = RandomWeights.init(spec.name(), shape);
        float[] values = new float[n];
        for (int start = 0; start < n; start += RandomWeights.CHUNK_ELEMENTS) {
            SplittableRandom random = new SplittableRandom(RandomWeights.chunkSeed(seed, tensorIndex, start / RandomWeights.CHUNK_ELEMENTS));
            for (int i = start; i < Math.min(n, start + RandomWeights.CHUNK_ELEMENTS); i++) {
                values[i] = (float) (init[1] + init[0] * random.nextGaussian());
            }
        }
        return values;
    }

    /** bf16 nearest to {@code x}, ties to even, computed by comparing the two neighbours. */
    static float nearestBf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        float down = Float.intBitsToFloat(bits & 0xFFFF0000);
        float up = Float.intBitsToFloat((bits & 0xFFFF0000) + 0x10000);
        double dDown = Math.abs((double) x - down);
        double dUp = Math.abs((double) up - x);
        if (dDown != dUp) {
            return dDown < dUp ? down : up;
        }
        return ((Float.floatToRawIntBits(down) >>> 16) & 1) == 0 ? down : up;
    }

    @Test
    void llamaTinyF32ReadsBackWithTheRecipeValuesExactly() throws IOException {
        ModelConfig written = RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.F32, 42, dir, Optional.empty());
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            ModelConfig c = checkpoint.config();
            assertEquals(written, c);
            assertEquals(Architecture.LLAMA, c.architecture());
            assertEquals((SELF_MADE_SIZE + 63) / 64 * 64, c.vocabSize(), "the tokenizer's size padded to 64");
            assertEquals(List.of(64, 2, 8, 4, 8, 172), List.of(c.hiddenSize(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                    c.headDim(), c.intermediateSize()));
            assertTrue(c.tieWordEmbeddings());
            assertFalse(checkpoint.has("lm_head.weight"));
            assertEquals("float32", c.torchDtype());
            List<TensorSpec> specs = TensorLayout.of(c).stream().filter(TensorSpec::required).toList();
            assertEquals(specs.size(), checkpoint.tensorNames().size());
            for (int t = 0; t < specs.size(); t++) {
                Tensor tensor = checkpoint.tensor(specs.get(t).name());
                assertEquals(DType.F32, tensor.dtype());
                assertArrayEquals(expectedFloats(specs.get(t), t, 42), TensorValues.floats(tensor), tensor.name());
            }
        }
    }

    @Test
    void qwen3TinyBf16IsTheRecipeRoundedToNearestEven() throws IOException {
        RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.BF16, 7, dir, Optional.empty());
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            ModelConfig c = checkpoint.config();
            assertEquals(384, c.vocabSize(), "qwen3-tiny follows the self-made tokenizer");
            assertEquals(32, c.headDim());
            assertFalse(c.tieWordEmbeddings());
            assertEquals("bfloat16", c.torchDtype());
            List<TensorSpec> specs = TensorLayout.of(c);
            for (int t = 0; t < specs.size(); t++) {
                Tensor tensor = checkpoint.tensor(specs.get(t).name());
                assertEquals(DType.BF16, tensor.dtype());
                float[] expected = expectedFloats(specs.get(t), t, 7);
                float[] actual = TensorValues.floats(tensor);
                for (int i = 0; i < expected.length; i++) {
                    if (nearestBf16(expected[i]) != actual[i]) {
                        assertEquals(nearestBf16(expected[i]), actual[i], "%s[%d] of %s".formatted(tensor.name(), i, expected[i]));
                    }
                }
            }
        }
    }

    @Test
    void valuesFollowTheInitializationRecipe() throws IOException {
        RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.F32, 3, dir, Optional.empty());
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            assertStats(checkpoint.tensor("model.embed_tokens.weight"), 0, 1);
            assertStats(checkpoint.tensor("model.layers.0.self_attn.q_proj.weight"), 0, 1 / Math.sqrt(64));
            assertStats(checkpoint.tensor("model.layers.1.self_attn.o_proj.weight"), 0, 1 / Math.sqrt(128));
            assertStats(checkpoint.tensor("model.layers.2.mlp.down_proj.weight"), 0, 1 / Math.sqrt(192));
            assertStats(checkpoint.tensor("lm_head.weight"), 0, 1 / Math.sqrt(64));
            assertStats(checkpoint.tensor("model.layers.0.self_attn.q_norm.weight"), 1, 0.1);
            assertStats(checkpoint.tensor("model.norm.weight"), 1, 0.1);
        }
    }

    private static void assertStats(Tensor tensor, double mean, double std) {
        float[] v = TensorValues.floats(tensor);
        double sum = 0;
        double squares = 0;
        for (float x : v) {
            sum += x;
        }
        double m = sum / v.length;
        for (float x : v) {
            squares += (x - m) * (x - m);
        }
        double s = Math.sqrt(squares / v.length);
        assertEquals(mean, m, 5 * std / Math.sqrt(v.length), tensor.name() + " mean");
        assertEquals(std, s, 6 * std / Math.sqrt(v.length) + 0.02 * std, tensor.name() + " std");
    }

    @Test
    void sameSeedSameBytesWhateverTheThreadCount() throws IOException {
        RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.BF16, 11, dir.resolve("a"), Optional.empty(), Long.MAX_VALUE, 1);
        RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.BF16, 11, dir.resolve("b"), Optional.empty(), Long.MAX_VALUE, 3);
        RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.BF16, 12, dir.resolve("c"), Optional.empty(), Long.MAX_VALUE, 3);
        byte[] a = Files.readAllBytes(dir.resolve("a/model.safetensors"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b/model.safetensors")));
        assertFalse(Arrays.equals(a, Files.readAllBytes(dir.resolve("c/model.safetensors"))));
        assertEquals(Files.readString(dir.resolve("a/config.json")), Files.readString(dir.resolve("c/config.json")));
    }

    @Test
    void largeTensorsSpanSeveralChunksAndShardsFollowTheMaximum() throws IOException {
        // qwen3-tiny's untied lm_head has 384 * 64 elements; a 200 kB maximum splits the model into shards.
        RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.F32, 5, dir, Optional.empty(), 200_000, 2);
        ShardIndex index = ShardIndex.read(dir.resolve(ShardIndex.FILE_NAME));
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir)) {
            assertTrue(checkpoint.files().size() > 3, checkpoint.files().toString());
            long total = checkpoint.tensorNames().stream().mapToLong(n -> checkpoint.tensor(n).data().byteSize()).sum();
            assertEquals(total, index.totalSize().orElseThrow());
            assertEquals(checkpoint.tensorNames(), index.weightMap().keySet());
        }
    }

    @Test
    void selfMadeTokenizerIsByteLevelBpeWithChatMlSpecials() throws IOException {
        RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.F32, 1, dir, Optional.empty());
        JsonNode tokenizer = JSON.readTree(dir.resolve("tokenizer.json").toFile());
        JsonNode vocab = tokenizer.path("model").path("vocab");
        assertEquals("BPE", tokenizer.path("model").path("type").asText());
        assertEquals(0, vocab.path("Ā").asInt(), "byte 0 is U+0100");
        assertEquals(32, vocab.path("Ġ").asInt(), "the space byte is Ġ");
        assertEquals(97, vocab.path("a").asInt());
        assertEquals(255, vocab.path("ÿ").asInt());
        assertEquals(256, vocab.path("Ġt").asInt(), "the first merge comes after the bytes");
        assertTrue(vocab.has("Ġthe"));
        assertEquals(ByteLevelTokenizerFiles.MERGES.size(), tokenizer.path("model").path("merges").size());
        assertEquals("ByteLevel", tokenizer.path("decoder").path("type").asText());
        assertEquals("ByteLevel", tokenizer.path("pre_tokenizer").path("pretokenizers").get(1).path("type").asText());
        List<String> added = Stream.of(0, 1, 2).map(i -> tokenizer.path("added_tokens").get(i).path("content").asText()).toList();
        assertEquals(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"), added);
        int endOfText = tokenizer.path("added_tokens").get(0).path("id").asInt();
        assertEquals(SELF_MADE_SIZE - 3, endOfText);
        JsonNode tokenizerConfig = JSON.readTree(dir.resolve("tokenizer_config.json").toFile());
        assertEquals("<|im_end|>", tokenizerConfig.path("eos_token").asText());
        assertEquals("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
                + "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
                tokenizerConfig.path("chat_template").asText());
        ModelConfig config = dev.tandem.engine.checkpoint.ModelConfigReader.read(dir);
        assertEquals(endOfText, config.bosTokenId());
        assertEquals(List.of(endOfText + 2, endOfText), config.eosTokenIds());
    }

    @Test
    void copiesATokenizerAndTakesItsSizeAndSpecialIds() throws IOException {
        Path stories = SharedAssets.model("stories260K");
        ModelConfig llama = RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.F32, 1, dir.resolve("l"), Optional.of(stories));
        assertEquals(512, llama.vocabSize());
        assertEquals(1, llama.bosTokenId());
        assertEquals(List.of(2), llama.eosTokenIds());
        assertEquals(Files.readString(stories.resolve("tokenizer.json")), Files.readString(dir.resolve("l/tokenizer.json")));
        Path qwen = SharedAssets.model("qwen3-tiny-random");
        ModelConfig qwen3 = RandomModelWriter.write(RandomModelShape.QWEN3_TINY, DType.BF16, 1, dir.resolve("q"), Optional.of(qwen));
        assertEquals(151936, qwen3.vocabSize());
        assertEquals(151643, qwen3.bosTokenId());
        assertEquals(List.of(151645, 151643), qwen3.eosTokenIds());
        try (HfCheckpoint checkpoint = HfCheckpoint.open(dir.resolve("q"))) {
            assertEquals(qwen3, checkpoint.config());
        }
    }

    @Test
    void refusesATokenizerLargerThanAFixedVocabulary() throws IOException {
        Path tokenizerDir = Files.createDirectories(dir.resolve("tok"));
        Files.writeString(tokenizerDir.resolve("tokenizer.json"),
                "{\"added_tokens\":[{\"id\":200000,\"content\":\"<x>\"}],\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0}}}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomModelWriter.write(
                RandomModelShape.QWEN3_0_6B, DType.BF16, 1, dir.resolve("out"), Optional.of(tokenizerDir)));
        assertTrue(e.getMessage().contains("151936") && e.getMessage().contains("200001"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("out/model.safetensors")));
    }

    @Test
    void refusesQ8AndUnknownShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.Q8_0, 1, dir, Optional.empty()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RandomModelShape.fromId("gpt-5"));
        assertTrue(e.getMessage().contains("qwen3-0.6b") && e.getMessage().contains("llama-tiny"), e.getMessage());
        assertEquals(RandomModelShape.QWEN3_32B_1LAYER, RandomModelShape.fromId("qwen3-32b-1layer"));
    }

    @Test
    void largeShapesHaveTheRealModelsDimensions() {
        ModelConfig small = RandomModelShape.QWEN3_0_6B.config(151936, 151643, List.of(151645), DType.BF16);
        assertEquals(596_049_920L, parameters(small), "Qwen3-0.6B's parameter count (tied)");
        ModelConfig big = RandomModelShape.QWEN3_32B_1LAYER.config(151936, 151643, List.of(151645), DType.BF16);
        assertEquals(List.of(5120, 1, 64, 8, 128, 25600), List.of(big.hiddenSize(), big.numLayers(), big.numHeads(),
                big.numKvHeads(), big.headDim(), big.intermediateSize()));
        assertFalse(big.tieWordEmbeddings());
        assertNotEquals(0, parameters(big));
    }

    private static long parameters(ModelConfig c) {
        return TensorLayout.of(c).stream().filter(TensorSpec::required)
                .mapToLong(s -> Arrays.stream(s.shape()).reduce(1, Math::multiplyExact)).sum();
    }

    @Test
    void writtenModelsAreRejectedWhenTheirConfigIsTamperedWith() throws IOException {
        RandomModelWriter.write(RandomModelShape.LLAMA_TINY, DType.F32, 1, dir, Optional.empty());
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"intermediate_size\" : 172", "\"intermediate_size\" : 176"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> HfCheckpoint.open(dir));
        assertTrue(e.getMessage().contains("gate_proj") && e.getMessage().contains("[176, 64]"), e.getMessage());
    }
}
