package dev.tandem.engine.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    /** A safetensors file written byte by byte: length prefix (or a given bogus one), header, data. */
    static Path raw(Path file, String header, byte[] data, Long headerLength) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(headerLength != null ? headerLength : json.length).put(json).put(data);
        Files.write(file, bytes.array());
        return file;
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private CheckpointException failure(String header, byte[] data, Long headerLength) throws IOException {
        Path file = raw(dir.resolve("bad.safetensors"), header, data, headerLength);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void mapsTensorsAsSlicesOfTheFile() throws IOException {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[16,22]}}";
        byte[] data = new byte[22];
        System.arraycopy(floats(1f, -2f, 3.5f, 0.25f), 0, data, 0, 16);
        ByteBuffer.wrap(data, 16, 6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3F80).putShort((short) 0xC000).putShort((short) 0x3E80);
        Path file = raw(dir.resolve("ok.safetensors"), header, data, null);
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertEquals(List.of("a", "b"), List.copyOf(st.tensorNames()), "__metadata__ is not a tensor");
            Tensor a = st.tensor("a");
            assertArrayEquals(new long[]{2, 2}, a.shape());
            assertEquals(DType.F32, a.dtype());
            assertArrayEquals(new float[]{1f, -2f, 3.5f, 0.25f}, TensorValues.floats(a));
            assertTrue(a.data().isMapped(), "zero-copy: the data is the mapped file");
            assertArrayEquals(new float[]{1f, -2f, 0.25f}, TensorValues.floats(st.tensor("b")));
            CheckpointException e = assertThrows(CheckpointException.class, () -> st.tensor("c"));
            assertTrue(e.getMessage().contains("c") && e.getMessage().contains(file.toString()));
        }
    }

    @Test
    void closingUnmapsTheTensors() throws IOException {
        Path file = raw(dir.resolve("ok.safetensors"), "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1f), null);
        SafetensorsFile st = SafetensorsFile.open(file);
        Tensor a = st.tensor("a");
        st.close();
        assertThrows(IllegalStateException.class, () -> TensorValues.floats(a));
    }

    @Test
    void unsupportedDtypeNamesTensorDtypeAndFile() throws IOException {
        CheckpointException e = failure("{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[16], null);
        assertTrue(e.getMessage().contains("ids") && e.getMessage().contains("I64 is not supported"), e.getMessage());
    }

    @Test
    void headerLengthBeyondTheFileIsRejected() throws IOException {
        CheckpointException e = failure("{}", new byte[0], 1000L);
        assertTrue(e.getMessage().contains("header length 1000 is out of range"), e.getMessage());
    }

    @Test
    void headerLengthAboveTheLimitIsRejected() throws IOException {
        CheckpointException e = failure("{}", new byte[0], 200_000_000L);
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        e = failure("{}", new byte[0], -5L);
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void tooShortFileIsRejected() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[]{1, 2, 3});
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("too short"), e.getMessage());
    }

    @Test
    void truncatedDataNamesTheTensor() throws IOException {
        CheckpointException e = failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[10], null);
        assertTrue(e.getMessage().contains("w") && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void offsetsThatDoNotMatchTheShapeAreRejected() throws IOException {
        CheckpointException e = failure("{\"w\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[16], null);
        assertTrue(e.getMessage().contains("w") && e.getMessage().contains("needs 8"), e.getMessage());
        e = failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", new byte[16], null);
        assertTrue(e.getMessage().contains("reversed"), e.getMessage());
    }

    @Test
    void malformedHeadersAreRejected() throws IOException {
        CheckpointException e = failure("{\"w\":{\"dtype\":\"F32\",", new byte[4], null);
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
        e = failure("[1, 2]", new byte[0], null);
        assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
        e = failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4], null);
        assertTrue(e.getMessage().contains("data_offsets") && e.getMessage().contains("w"), e.getMessage());
        e = failure("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4], null);
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("absent.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
