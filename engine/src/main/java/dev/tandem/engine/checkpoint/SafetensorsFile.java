package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file, memory-mapped whole: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}}, plus an ignored {@code __metadata__}), then the data. Each
 * tensor is a slice of the mapping; nothing is copied onto the heap. Closing unmaps the file.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Largest header accepted, as in the reference safetensors implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ValueLayout.OfLong HEADER_LENGTH = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final Map<String, Tensor> tensors;

    private SafetensorsFile(Path path, Arena arena, Map<String, Tensor> tensors) {
        this.path = path;
        this.arena = arena;
        this.tensors = tensors;
    }

    /** Maps and validates the file; a {@link CheckpointException} naming it (and the tensor) when it is invalid. */
    public static SafetensorsFile open(Path path) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment file = map(path, arena);
            return new SafetensorsFile(path, arena, Collections.unmodifiableMap(parse(path, file)));
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /** Tensor names in header order. */
    public Set<String> tensorNames() {
        return tensors.keySet();
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor, its data a slice of the mapped file. */
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException("tensor %s not found in %s".formatted(name, path));
        }
        return tensor;
    }

    @Override
    public void close() {
        arena.close();
    }

    private static MemorySegment map(Path path, Arena arena) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("safetensors file not found: " + path, e);
        } catch (IOException e) {
            throw new CheckpointException("cannot map %s: %s".formatted(path, e.getMessage()), e);
        }
    }

    private static Map<String, Tensor> parse(Path path, MemorySegment file) {
        long size = file.byteSize();
        if (size < Long.BYTES) {
            throw new CheckpointException("%s is not a safetensors file: %d bytes, too short for the header length"
                    .formatted(path, size));
        }
        long headerLength = file.get(HEADER_LENGTH, 0);
        if (headerLength < 2 || headerLength > size - Long.BYTES || headerLength > MAX_HEADER_BYTES) {
            throw new CheckpointException("%s: header length %s is out of range (file is %d bytes, limit %d): truncated or not a safetensors file"
                    .formatted(path, Long.toUnsignedString(headerLength), size, MAX_HEADER_BYTES));
        }
        JsonNode header = readHeader(path, file.asSlice(Long.BYTES, headerLength));
        MemorySegment data = file.asSlice(Long.BYTES + headerLength);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : header.properties()) {
            if (!entry.getKey().equals("__metadata__")) {
                tensors.put(entry.getKey(), tensor(path, entry.getKey(), entry.getValue(), data));
            }
        }
        return tensors;
    }

    private static JsonNode readHeader(Path path, MemorySegment bytes) {
        JsonNode header;
        try {
            header = JsonFields.MAPPER.readTree(bytes.toArray(ValueLayout.JAVA_BYTE));
        } catch (JsonProcessingException e) {
            throw new CheckpointException("%s: malformed JSON header: %s".formatted(path, e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new CheckpointException("%s: cannot read the header: %s".formatted(path, e.getMessage()), e);
        }
        if (header == null || !header.isObject()) {
            throw new CheckpointException("%s: the header must be a JSON object".formatted(path));
        }
        return header;
    }

    private static Tensor tensor(Path path, String name, JsonNode entry, MemorySegment data) {
        JsonFields fields = new JsonFields(entry, "header entry of tensor %s in %s".formatted(name, path));
        DType dtype = dtype(path, name, fields.optionalString("dtype", null));
        long[] shape = longs(fields, "shape", -1);
        long[] offsets = longs(fields, "data_offsets", 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new CheckpointException("tensor %s in %s: data_offsets %s are reversed".formatted(name, path, Arrays.toString(offsets)));
        }
        if (end > data.byteSize()) {
            throw new CheckpointException("tensor %s in %s: data_offsets %s reach beyond the %d data bytes: the file is truncated"
                    .formatted(name, path, Arrays.toString(offsets), data.byteSize()));
        }
        long expected = expectedBytes(path, name, dtype, shape);
        if (end - begin != expected) {
            throw new CheckpointException("tensor %s in %s: data_offsets %s span %d bytes but %s %s needs %d"
                    .formatted(name, path, Arrays.toString(offsets), end - begin, dtype, Arrays.toString(shape), expected));
        }
        return new Tensor(name, dtype, shape, data.asSlice(begin, end - begin));
    }

    private static DType dtype(Path path, String name, String dtype) {
        if (dtype == null) {
            throw new CheckpointException("tensor %s in %s has no dtype".formatted(name, path));
        }
        return switch (dtype) {
            case "F32" -> DType.F32;
            case "F16" -> DType.F16;
            case "BF16" -> DType.BF16;
            default -> throw new CheckpointException("tensor %s in %s: dtype %s is not supported (supported: F32, F16, BF16)"
                    .formatted(name, path, dtype));
        };
    }

    private static long expectedBytes(Path path, String name, DType dtype, long[] shape) {
        try {
            long elements = 1;
            for (long d : shape) {
                elements = Math.multiplyExact(elements, d);
            }
            return Math.multiplyExact(elements, dtype.bytesFor(1));
        } catch (ArithmeticException e) {
            throw new CheckpointException("tensor %s in %s: shape %s is too large".formatted(name, path, Arrays.toString(shape)), e);
        }
    }

    /** A list of non-negative integers; {@code length} -1 for any length. */
    private static long[] longs(JsonFields fields, String field, int length) {
        JsonNode node = fields.get(field);
        if (node == null) {
            throw fields.missing(field);
        }
        if (!node.isArray() || (length >= 0 && node.size() != length)) {
            throw fields.wrongType(field, length >= 0 ? "a list of " + length + " integers" : "a list of integers", node);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                throw fields.wrongType(field, "a list of non-negative integers", node);
            }
            values[i] = value.longValue();
        }
        return values;
    }
}
