package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.RopeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GGUF writer's parts: names, the q/k permutation, the file layout, row conversion, tokenizer details. */
class GgufWriterPartsTest {

    @TempDir
    Path tmp;

    @Test
    void everyHfTensorNameMapsToGgufAndBack() {
        ModelConfig config = new ModelConfig(Architecture.QWEN2, 100, 64, 2, 4, 2, 16, 128, 1e-6, 1e6, RopeLayout.ROTATE_HALF,
                false, true, 128, -1, List.of(1), "float32");
        ModelConfig qwen3 = new ModelConfig(Architecture.QWEN3, 100, 64, 2, 4, 2, 16, 128, 1e-6, 1e6, RopeLayout.ROTATE_HALF,
                false, false, 128, -1, List.of(1), "float32");
        for (ModelConfig c : List.of(config, qwen3)) {
            for (TensorSpec spec : TensorLayout.of(c)) {
                String gguf = GgufTensorNames.toGguf(spec.name()).orElseThrow(() -> new AssertionError(spec.name()));
                assertEquals(spec.name(), GgufTensorNames.toHf(gguf));
            }
        }
        assertEquals(Optional.of("blk.11.ffn_down.weight"), GgufTensorNames.toGguf("model.layers.11.mlp.down_proj.weight"));
        assertEquals(Optional.of("blk.0.attn_k.bias"), GgufTensorNames.toGguf("model.layers.0.self_attn.k_proj.bias"));
        assertEquals(Optional.of("output.weight"), GgufTensorNames.toGguf("lm_head.weight"));
        assertEquals(Optional.empty(), GgufTensorNames.toGguf("model.layers.0.self_attn.rotary_emb.inv_freq"));
    }

    @Test
    void qkPermutationIsTheInverseOfTransformersConversion() {
        // README: HF rows = w.reshape(n_heads, head_dim/2, 2, in).transpose(0,2,1,3): HF row (h, j, i) is Meta row (h, i, j).
        int heads = 3;
        int headDim = 8;
        IntUnaryOperator source = QkPermutation.sourceRows(heads * headDim, heads);
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < headDim / 2; i++) {
                    int hfRow = h * headDim + j * headDim / 2 + i;
                    int metaRow = h * headDim + 2 * i + j;
                    assertEquals(hfRow, source.applyAsInt(metaRow));
                }
            }
        }
        assertArrayEquals(new int[]{0, 2, 1, 3, 4, 6, 5, 7}, java.util.stream.IntStream.range(0, 8)
                .map(QkPermutation.sourceRows(8, 2)).toArray());
        assertThrows(IllegalArgumentException.class, () -> QkPermutation.sourceRows(12, 4)); // odd head size
    }

    @Test
    void fileLayoutIsReadableAndAligned() throws IOException {
        GgufMetadata metadata = new GgufMetadata().string("general.architecture", "llama").u32("a.count", 7)
                .f32("a.eps", 1e-5).bool("a.flag", true).strings("a.words", List.of("x", "ÿ ü"))
                .f32s("a.reals", new float[]{0.5f, -1f}).i32s("a.ints", new int[]{-3, 4});
        float[] second = {1.5f, -2f, 3.25f, 4f, 5f, 6f};
        List<GgufTensorEntry> tensors = List.of(
                new GgufTensorEntry("t.bytes", DType.F16, new long[]{1, 1}, out -> TensorContent.writeFully(out, ByteBuffer.wrap(new byte[]{1, 2}))),
                new GgufTensorEntry("t.floats", DType.F32, new long[]{2, 3}, out -> {
                    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
                    for (float f : second) {
                        b.putFloat(f);
                    }
                    TensorContent.writeFully(out, b.flip());
                }));
        Path file = tmp.resolve("t.gguf");
        long size = GgufFileWriter.write(file, metadata, tensors);
        assertEquals(Files.size(file), size);
        assertFalse(Files.exists(tmp.resolve("t.gguf.partial")));
        try (GgufFile gguf = GgufFile.open(file)) {
            assertEquals(3, gguf.version());
            assertEquals(7L, gguf.metadata().get("a.count"));
            assertEquals(1e-5, gguf.metadata().get("a.eps"));
            assertEquals(true, gguf.metadata().get("a.flag"));
            assertEquals(List.of("x", "ÿ ü"), gguf.metadata().get("a.words"));
            assertEquals(List.of(0.5, -1.0), gguf.metadata().get("a.reals"));
            assertEquals(List.of(-3L, 4L), gguf.metadata().get("a.ints"));
            assertArrayEquals(new long[]{3, 2}, gguf.tensorInfos().get(1).dims(), "dims reversed");
            assertEquals(0, gguf.tensorInfos().get(0).offset());
            assertEquals(32, gguf.tensorInfos().get(1).offset(), "the second tensor starts at the next multiple of 32");
            assertArrayEquals(second, gguf.tensor("t.floats").data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)));
            assertEquals(0, size % 32, "aligned data section, every tensor padded to 32 bytes (the last too, as gguf-py does)");
        }
    }

    @Test
    void contentOfTheWrongLengthFailsAndLeavesNoFile() {
        Path file = tmp.resolve("bad.gguf");
        List<GgufTensorEntry> tensors = List.of(new GgufTensorEntry("t", DType.F32, new long[]{4},
                out -> TensorContent.writeFully(out, ByteBuffer.allocate(12))));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GgufFileWriter.write(file, new GgufMetadata(), tensors));
        assertTrue(e.getMessage().contains("tensor t"), e.getMessage());
        assertFalse(Files.exists(file) || Files.exists(tmp.resolve("bad.gguf.partial")));
    }

    @Test
    void rowConversionPermutesCopiesAndRoundsToNearestEven() throws IOException {
        float[] values = {1f, 2f, 3f, 4f, 5f, 6f, 1.00390625f, 1.01171875f}; // last two: bf16 ties at 1 + 2^-8, 1 + 3*2^-8
        MemorySegment data = MemorySegment.ofArray(new byte[32]);
        for (int i = 0; i < values.length; i++) {
            data.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, values[i]);
        }
        Tensor tensor = new Tensor("w", DType.F32, new long[]{4, 2}, data);
        byte[] copied = bytes(RowConversion.of(tensor, 4, 2, DType.F32, r -> 3 - r));
        float[] reversed = MemorySegment.ofArray(copied).toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(new float[]{1.00390625f, 1.01171875f, 5f, 6f, 3f, 4f, 1f, 2f}, reversed);
        short[] bf16 = MemorySegment.ofArray(bytes(RowConversion.of(tensor, 4, 2, DType.BF16, r -> r)))
                .toArray(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
        assertEquals((short) 0x3F80, bf16[6], "1 + 2^-8 ties down to even 1.0");
        assertEquals((short) 0x3F82, bf16[7], "1 + 3*2^-8 ties up to even 1 + 2^-6");
    }

    @Test
    void pairMergesAreJoinedWithSpacesInsidePartsEncoded() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("tok"));
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, " c": 3, "ab c": 4},
                           "merges": [["a", "b"], ["ab", " c"]]},
                 "added_tokens": [{"id": 5, "content": "<|x|>", "special": false}],
                 "pre_tokenizer": {"type": "ByteLevel"}}""");
        HfTokenizerFiles tokenizer = HfTokenizerFiles.read(dir);
        assertTrue(tokenizer.isByteLevel());
        assertEquals(List.of("a b", "ab \u0120c"), tokenizer.merges());
        assertTrue(GgufTokenizerKeys.looksSpecial("<|x|>"));
        assertFalse(GgufTokenizerKeys.looksSpecial("<think>"));
    }

    private static byte[] bytes(TensorContent content) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        content.writeTo(java.nio.channels.Channels.newChannel(out));
        return out.toByteArray();
    }
}
