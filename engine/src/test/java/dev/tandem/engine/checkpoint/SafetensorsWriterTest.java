package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsWriterTest {

    @TempDir
    Path dir;

    static WritableTensor f32(String name, long[] shape, float... values) {
        return new WritableTensor(name, DType.F32, shape, TensorContent.of(MemorySegment.ofArray(SafetensorsFileTest.floats(values))));
    }

    static WritableTensor shorts(String name, DType dtype, long[] shape, short... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        return new WritableTensor(name, dtype, shape, TensorContent.of(MemorySegment.ofArray(b.array())));
    }

    @Test
    void writesOneFileThatReadsBackExactly() throws IOException {
        List<Path> files = SafetensorsWriter.write(dir, List.of(
                f32("x", new long[]{2, 3}, 1, 2, 3, 4, 5, -6),
                shorts("y", DType.BF16, new long[]{3}, (short) 0x3F80, (short) 0x7F7F, (short) 0x0001),
                shorts("z", DType.F16, new long[]{1, 1}, Float.floatToFloat16(0.5f))));
        assertEquals(List.of(dir.resolve("model.safetensors")), files);
        assertFalse(Files.exists(dir.resolve(ShardIndex.FILE_NAME)));
        try (SafetensorsFile st = SafetensorsFile.open(files.getFirst())) {
            assertArrayEquals(new float[]{1, 2, 3, 4, 5, -6}, TensorValues.floats(st.tensor("x")));
            assertArrayEquals(new short[]{0x3F80, 0x7F7F, 0x0001}, TensorValues.shorts(st.tensor("y")));
            assertEquals(DType.F16, st.tensor("z").dtype());
            assertArrayEquals(new float[]{0.5f}, TensorValues.floats(st.tensor("z")));
        }
    }

    @Test
    void headerIsSpacePaddedToEightBytes() throws IOException {
        SafetensorsWriter.write(dir, List.of(f32("a", new long[]{1}, 7)));
        byte[] bytes = Files.readAllBytes(dir.resolve("model.safetensors"));
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        String header = new String(bytes, 8, (int) headerLength);
        assertTrue(header.startsWith("{\"__metadata__\":{\"format\":\"pt\"},\"a\":"), header);
        String json = header.stripTrailing();
        assertTrue(json.endsWith("}") && header.length() - json.length() < 8, "json then fewer than 8 spaces: " + header);
        assertEquals(" ".repeat(header.length() - json.length()), header.substring(json.length()));
        assertEquals(8 + headerLength + 4, bytes.length);
    }

    @Test
    void shardsWhenTheTotalExceedsTheMaximum() throws IOException {
        List<WritableTensor> tensors = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tensors.add(f32("t" + i, new long[]{4}, i, i + 1, i + 2, i + 3)); // 16 bytes each
        }
        tensors.add(f32("big", new long[]{16}, new float[16])); // 64 bytes, above the maximum: a shard of its own
        List<Path> files = SafetensorsWriter.write(dir, tensors, 40);
        assertEquals(List.of("model-00001-of-00004.safetensors", "model-00002-of-00004.safetensors",
                "model-00003-of-00004.safetensors", "model-00004-of-00004.safetensors"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        JsonNode index = new ObjectMapper().readTree(dir.resolve(ShardIndex.FILE_NAME).toFile());
        assertEquals(5 * 16 + 64, index.path("metadata").path("total_size").asLong());
        assertEquals("model-00001-of-00004.safetensors", index.path("weight_map").path("t1").asText());
        assertEquals("model-00002-of-00004.safetensors", index.path("weight_map").path("t2").asText());
        assertEquals("model-00003-of-00004.safetensors", index.path("weight_map").path("t4").asText());
        assertEquals("model-00004-of-00004.safetensors", index.path("weight_map").path("big").asText());
        ShardIndex parsed = ShardIndex.read(dir.resolve(ShardIndex.FILE_NAME));
        assertEquals(6, parsed.weightMap().size());
        try (SafetensorsFile shard = SafetensorsFile.open(files.get(1))) {
            assertEquals(List.of("t2", "t3"), List.copyOf(shard.tensorNames()));
            assertArrayEquals(new float[]{3, 4, 5, 6}, TensorValues.floats(shard.tensor("t3")));
        }
    }

    @Test
    void contentOfTheWrongLengthFailsAndLeavesNoFile() {
        WritableTensor liar = new WritableTensor("liar", DType.F32, new long[]{4},
                TensorContent.of(MemorySegment.ofArray(new byte[12])));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SafetensorsWriter.write(dir, List.of(liar)));
        assertTrue(e.getMessage().contains("liar") && e.getMessage().contains("12"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("model.safetensors")));
    }

    @Test
    void copiesLoadedTensors() throws IOException {
        SafetensorsWriter.write(dir.resolve("a"), List.of(f32("w", new long[]{2}, 1.5f, 2.5f)));
        try (SafetensorsFile source = SafetensorsFile.open(dir.resolve("a/model.safetensors"))) {
            SafetensorsWriter.write(dir.resolve("b"), List.of(WritableTensor.copyOf(source.tensor("w"))));
        }
        try (SafetensorsFile copy = SafetensorsFile.open(dir.resolve("b/model.safetensors"))) {
            assertArrayEquals(new float[]{1.5f, 2.5f}, TensorValues.floats(copy.tensor("w")));
        }
    }

    @Test
    void duplicateNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(dir,
                List.of(f32("w", new long[]{1}, 1), f32("w", new long[]{1}, 2))));
    }
}
