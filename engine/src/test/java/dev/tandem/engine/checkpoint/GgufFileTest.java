package dev.tandem.engine.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GgufFileTest {

    @TempDir
    Path dir;

    private CheckpointException failure(byte[] bytes, String... parts) throws IOException {
        Path file = dir.resolve("bad.gguf");
        Files.write(file, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> GgufFile.open(file));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void readsMetadataOfEveryValueType() throws IOException {
        Path file = new GgufBuilder()
                .put("u8", GgufValues.UINT8, 255).put("i8", GgufValues.INT8, -1)
                .put("u16", GgufValues.UINT16, 65535).put("i16", GgufValues.INT16, -300)
                .put("u32", GgufValues.UINT32, 0xFFFFFFFFL).put("i32", GgufValues.INT32, -70000)
                .put("u64", GgufValues.UINT64, 1L << 40).put("i64", GgufValues.INT64, -(1L << 40))
                .put("f32", GgufValues.FLOAT32, 1e-5f).put("f64", GgufValues.FLOAT64, 0.1)
                .put("yes", GgufValues.BOOL, true).put("no", GgufValues.BOOL, false)
                .put("text", GgufValues.STRING, "▁héllo 🐶")
                .array("tokens", GgufValues.STRING, List.of("<unk>", "▁a", ""))
                .array("scores", GgufValues.FLOAT32, List.of(0f, -1.5f))
                .array("types", GgufValues.INT32, List.of(2, 1))
                .write(dir.resolve("meta.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            Map<String, Object> m = gguf.metadata();
            assertEquals(255L, m.get("u8"));
            assertEquals(-1L, m.get("i8"));
            assertEquals(65535L, m.get("u16"));
            assertEquals(-300L, m.get("i16"));
            assertEquals(4294967295L, m.get("u32"));
            assertEquals(-70000L, m.get("i32"));
            assertEquals(1L << 40, m.get("u64"));
            assertEquals(-(1L << 40), m.get("i64"));
            assertEquals(1e-5, m.get("f32"), "float32 as its shortest decimal");
            assertEquals(0.1, m.get("f64"));
            assertEquals(true, m.get("yes"));
            assertEquals(false, m.get("no"));
            assertEquals("▁héllo 🐶", m.get("text"));
            assertEquals(List.of("<unk>", "▁a", ""), m.get("tokens"));
            assertEquals(List.of(0.0, -1.5), m.get("scores"));
            assertEquals(List.of(2L, 1L), m.get("types"));
            assertEquals(3, gguf.version());
            assertEquals(32, gguf.alignment());
            assertEquals(List.of(), gguf.tensorInfos());
        }
    }

    @Test
    void tensorsAreRowMajorSlicesOfTheMappedFile() throws IOException {
        ByteBuffer f16 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[]{0.5f, -2f, 3f, 1024f}) {
            f16.putShort(Float.floatToFloat16(v));
        }
        ByteBuffer bf16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3F80).putShort((short) 0x4040);
        Path file = new GgufBuilder().version(2).alignment(64)
                .tensor("m", 0, GgufBuilder.f32(1, 2, 3, 4, 5, 6), 3, 2)
                .tensor("h", 1, f16.array(), 4)
                .tensor("b", 30, bf16.array(), 2, 1)
                .write(dir.resolve("t.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(2, gguf.version());
            assertEquals(64, gguf.alignment());
            GgufTensorInfo info = gguf.tensorInfos().getFirst();
            assertArrayEquals(new long[]{3, 2}, info.dims());
            assertArrayEquals(new long[]{2, 3}, info.shape());
            Tensor m = gguf.tensor("m");
            assertArrayEquals(new long[]{2, 3}, m.shape(), "ggml dims reversed");
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, TensorValues.floats(m));
            assertTrue(m.data().isMapped());
            assertArrayEquals(new float[]{0.5f, -2f, 3f, 1024f}, TensorValues.floats(gguf.tensor("h")));
            Tensor b = gguf.tensor("b");
            assertEquals(DType.BF16, b.dtype());
            assertArrayEquals(new long[]{1, 2}, b.shape());
            assertArrayEquals(new float[]{1f, 3f}, TensorValues.floats(b));
            assertEquals(64, gguf.tensorInfos().get(1).offset(), "offsets are aligned to general.alignment");
        }
    }

    @Test
    void q8_0TensorsKeepTheirBlocks() throws IOException {
        byte[] blocks = new byte[4 * 34];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = (byte) i;
        }
        Path file = new GgufBuilder().tensor("q", 8, blocks, 64, 2).write(dir.resolve("q.gguf"));
        try (GgufFile gguf = GgufFile.open(file)) {
            Tensor q = gguf.tensor("q");
            assertEquals(DType.Q8_0, q.dtype());
            assertArrayEquals(new long[]{2, 64}, q.shape());
            assertArrayEquals(blocks, q.data().toArray(ValueLayout.JAVA_BYTE));
        }
        byte[] partialBlock = new GgufBuilder().tensor("q", 8, new byte[34], 16, 2).build();
        failure(partialBlock, "q", "whole Q8_0 blocks");
    }

    @Test
    void unsupportedTensorTypeNamesTensorAndTypeNumber() throws IOException {
        failure(new GgufBuilder().tensor("blk.0.attn_q.weight", 2, new byte[18], 32).build(),
                "blk.0.attn_q.weight", "ggml type 2", "not supported");
    }

    @Test
    void rejectsOtherFilesAndVersions() throws IOException {
        byte[] notGguf = "GGML and then some more bytes".getBytes();
        failure(notGguf, "not a GGUF file");
        failure(new GgufBuilder().version(1).build(), "version 1");
        failure(new byte[2], "truncated");
    }

    @Test
    void truncatedFilesAreReported() throws IOException {
        byte[] whole = new GgufBuilder().put("general.name", GgufValues.STRING, "x")
                .tensor("w", 0, GgufBuilder.f32(new float[64]), 64).build();
        failure(Arrays.copyOf(whole, whole.length - 10), "w", "truncated");
        failure(Arrays.copyOf(whole, 30), "truncated");
    }

    @Test
    void absurdCountsAreReportedInsteadOfAllocated() throws IOException {
        byte[] bytes = new GgufBuilder().array("tokens", GgufValues.STRING, List.of("a")).build();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(4 + 4 + 8 + 8 + 8 + "tokens".length() + 4 + 4, Long.MAX_VALUE / 2);
        failure(bytes, "length of array tokens", "exceeds the file size");
    }

    @Test
    void unknownValueTypeNamesTheKey() throws IOException {
        failure(new GgufBuilder().put("weird", 13, 0).build(), "weird", "value type 13");
    }

    @Test
    void badAlignmentIsReported() throws IOException {
        failure(new GgufBuilder().put("general.alignment", GgufValues.UINT32, 24L).build(), "general.alignment");
    }

    @Test
    void mapsGgufNamesToHuggingFaceNames() {
        assertEquals("model.embed_tokens.weight", GgufTensorNames.toHf("token_embd.weight"));
        assertEquals("model.norm.weight", GgufTensorNames.toHf("output_norm.weight"));
        assertEquals("lm_head.weight", GgufTensorNames.toHf("output.weight"));
        assertEquals("model.layers.12.input_layernorm.weight", GgufTensorNames.toHf("blk.12.attn_norm.weight"));
        assertEquals("model.layers.0.self_attn.q_proj.bias", GgufTensorNames.toHf("blk.0.attn_q.bias"));
        assertEquals("model.layers.0.self_attn.o_proj.weight", GgufTensorNames.toHf("blk.0.attn_output.weight"));
        assertEquals("model.layers.1.self_attn.k_norm.weight", GgufTensorNames.toHf("blk.1.attn_k_norm.weight"));
        assertEquals("model.layers.2.post_attention_layernorm.weight", GgufTensorNames.toHf("blk.2.ffn_norm.weight"));
        assertEquals("model.layers.3.mlp.down_proj.weight", GgufTensorNames.toHf("blk.3.ffn_down.weight"));
        assertEquals("rope_freqs.weight", GgufTensorNames.toHf("rope_freqs.weight"), "unknown names stay as they are");
        assertEquals("blk.0.attn_qkv.weight", GgufTensorNames.toHf("blk.0.attn_qkv.weight"));
    }
}
