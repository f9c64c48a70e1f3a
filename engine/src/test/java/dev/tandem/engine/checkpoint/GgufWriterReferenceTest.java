package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.engine.SharedAssets;
import dev.tandem.engine.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GGUF export of the shared reference models (README sections 1 and 2); skipped when ../shared is absent. */
class GgufWriterReferenceTest {

    @TempDir
    Path tmp;

    @Test
    void stories260kF32ExportHasTheReferenceTensorsBitForBitAndItsMetadata() throws IOException {
        Path dir = SharedAssets.model("stories260K");
        Path out = tmp.resolve("stories260K.gguf");
        GgufExport export = GgufWriter.write(dir, out, DType.F32);
        assertEquals(Map.of(DType.F32, 47), export.tensorTypes());
        try (GgufFile ours = GgufFile.open(out); GgufFile reference = GgufFile.open(dir.resolve("stories260K.gguf"))) {
            assertEquals(3, ours.version());
            assertEquals(reference.tensorInfos().stream().map(GgufTensorInfo::name).toList(),
                    ours.tensorInfos().stream().map(GgufTensorInfo::name).toList(), "same tensors in the same order");
            for (GgufTensorInfo info : reference.tensorInfos()) {
                GgufTensorInfo mine = ours.tensorInfos().stream().filter(i -> i.name().equals(info.name())).findFirst().orElseThrow();
                assertArrayEquals(info.dims(), mine.dims(), info.name());
                assertEquals(info.ggmlType(), mine.ggmlType(), info.name());
                assertEquals(-1L, reference.tensor(info.name()).data().mismatch(ours.tensor(info.name()).data()),
                        "bytes of " + info.name() + " (q/k permuted back to interleaved)");
            }
            for (String key : List.of("general.architecture", "general.name", "general.file_type", "llama.vocab_size",
                    "llama.context_length", "llama.embedding_length", "llama.block_count", "llama.feed_forward_length",
                    "llama.rope.dimension_count", "llama.attention.head_count", "llama.attention.head_count_kv",
                    "llama.attention.layer_norm_rms_epsilon", "llama.rope.freq_base", "tokenizer.ggml.model",
                    "tokenizer.ggml.pre", "tokenizer.ggml.tokens", "tokenizer.ggml.token_type", "tokenizer.ggml.bos_token_id",
                    "tokenizer.ggml.eos_token_id", "tokenizer.ggml.unknown_token_id", "tokenizer.ggml.add_bos_token",
                    "tokenizer.ggml.add_eos_token", "tokenizer.ggml.add_space_prefix")) {
                assertEquals(reference.metadata().get(key), ours.metadata().get(key), key);
            }
            assertSameOrder(reference, ours);
            assertFalse(ours.metadata().containsKey("tokenizer.chat_template"), "stories has no chat template");
        }
    }

    /** tokenizer.json keeps no scores: ours follow the ids, in the same order as SentencePiece's among normal tokens. */
    private static void assertSameOrder(GgufFile reference, GgufFile ours) {
        List<?> refScores = (List<?>) reference.metadata().get("tokenizer.ggml.scores");
        List<?> ourScores = (List<?>) ours.metadata().get("tokenizer.ggml.scores");
        List<?> types = (List<?>) reference.metadata().get("tokenizer.ggml.token_type");
        assertEquals(refScores.size(), ourScores.size());
        List<Integer> normal = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if ((Long) types.get(i) == GgufTokenizerKeys.NORMAL) {
                normal.add(i);
            }
        }
        for (int k = 1; k < normal.size(); k++) {
            int a = normal.get(k - 1);
            int b = normal.get(k);
            assertEquals(Double.compare((Double) refScores.get(a), (Double) refScores.get(b)),
                    Double.compare((Double) ourScores.get(a), (Double) ourScores.get(b)), "score order of tokens " + a + ", " + b);
        }
    }

    @Test
    void qwen3TinyBf16ExportReadsBackAsTheSafetensors() throws IOException {
        Path dir = SharedAssets.model("qwen3-tiny-random");
        Path out = tmp.resolve("qwen3.gguf");
        GgufWriter.write(dir, out, DType.BF16);
        try (HfCheckpoint hf = HfCheckpoint.open(dir); GgufCheckpoint gguf = GgufCheckpoint.open(out)) {
            ModelConfig expected = hf.config();
            ModelConfig actual = gguf.config();
            // GGUF has one eos id (tokenizer_config's eos_token); llama.cpp finds <|endoftext|> as end-of-generation by its text.
            assertEquals(new ModelConfig(expected.architecture(), expected.vocabSize(), expected.hiddenSize(), expected.numLayers(),
                    expected.numHeads(), expected.numKvHeads(), expected.headDim(), expected.intermediateSize(), expected.rmsNormEps(),
                    expected.ropeTheta(), expected.ropeLayout(), expected.tieWordEmbeddings(), expected.attentionBias(),
                    expected.maxPositionEmbeddings(), expected.bosTokenId(), List.of(151645), expected.torchDtype()), actual);
            assertEquals(hf.tensorNames(), gguf.tensorNames());
            for (String name : hf.tensorNames()) {
                Tensor a = hf.tensor(name);
                Tensor b = gguf.tensor(name);
                assertArrayEquals(a.shape(), b.shape(), name);
                if (a.rank() == 1) {
                    assertEquals(DType.F32, b.dtype(), name + ": norms are F32");
                    assertArrayEquals(TensorValues.floats(a), TensorValues.floats(b), name);
                } else {
                    assertEquals(DType.BF16, b.dtype(), name);
                    assertEquals(-1L, a.data().mismatch(b.data()), name + ": bf16 bits");
                }
            }
            Map<String, Object> metadata = gguf.file().metadata();
            assertEquals("gpt2", metadata.get("tokenizer.ggml.model"));
            assertEquals("qwen2", metadata.get("tokenizer.ggml.pre"));
            assertEquals(32L, metadata.get("general.file_type"));
            assertEquals(32L, metadata.get("qwen3.attention.key_length"));
            assertEquals(151643L, metadata.get("tokenizer.ggml.padding_token_id"));
            assertEquals(false, metadata.get("tokenizer.ggml.add_bos_token"));
            assertQwenVocabulary(dir, metadata);
        }
    }

    /** README section 2: 151936 tokens, [PADn] UNUSED past 151668, added tokens CONTROL except six USER_DEFINED. */
    private static void assertQwenVocabulary(Path dir, Map<String, Object> metadata) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode tokenizer = json.readTree(dir.resolve("tokenizer.json").toFile());
        List<?> tokens = (List<?>) metadata.get("tokenizer.ggml.tokens");
        List<?> types = (List<?>) metadata.get("tokenizer.ggml.token_type");
        assertEquals(151936, tokens.size());
        tokenizer.path("model").path("vocab").properties().forEach(e -> {
            assertEquals(e.getKey(), tokens.get(e.getValue().asInt()));
            assertEquals(1L, types.get(e.getValue().asInt()), e.getKey());
        });
        List<String> userDefined = List.of("<tool_call>", "</tool_call>", "<tool_response>", "</tool_response>", "<think>", "</think>");
        for (JsonNode added : tokenizer.path("added_tokens")) {
            int id = added.path("id").asInt();
            assertEquals(added.path("content").asText(), tokens.get(id));
            assertEquals(userDefined.contains(added.path("content").asText()) ? 4L : 3L, types.get(id), added.toString());
        }
        assertEquals("[PAD151669]", tokens.get(151669));
        assertEquals(5L, types.get(151935));
        List<?> merges = (List<?>) metadata.get("tokenizer.ggml.merges");
        assertEquals(151387, merges.size());
        JsonNode first = tokenizer.path("model").path("merges").get(0);
        assertEquals(first.get(0).asText() + " " + first.get(1).asText(), merges.getFirst());
        assertEquals(json.readTree(dir.resolve("tokenizer_config.json").toFile()).path("chat_template").asText(),
                metadata.get("tokenizer.chat_template"));
        assertTrue(((String) metadata.get("tokenizer.chat_template")).contains("enable_thinking"));
    }
}
