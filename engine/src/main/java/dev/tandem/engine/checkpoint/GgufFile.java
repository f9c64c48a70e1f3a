package dev.tandem.engine.checkpoint;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One GGUF file (version 2 or 3), memory-mapped whole: header, key/value metadata, tensor infos, then the
 * aligned data section. Tensors are slices of the mapping, named by their GGUF names, shaped row-major
 * (GGUF dims reversed). Closing unmaps the file.
 *
 * <p>Metadata values: strings as {@link String}, integers as {@link Long} (uint64 above 2^63 wrap negative),
 * floats as {@link Double} (a float32 as the double of its shortest decimal form, so 1e-5f reads as 1.0E-5), bools as {@link Boolean}, arrays as unmodifiable {@code List<Object>}.
 */
public final class GgufFile implements AutoCloseable {

    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAX_DIMS = 4;

    private final Path path;
    private final Arena arena;
    private final int version;
    private final Map<String, Object> metadata;
    private final List<GgufTensorInfo> tensorInfos;
    private final Map<String, Tensor> tensors;
    private final int alignment;

    private GgufFile(Path path, Arena arena, int version, Map<String, Object> metadata,
                     List<GgufTensorInfo> tensorInfos, Map<String, Tensor> tensors, int alignment) {
        this.path = path;
        this.arena = arena;
        this.version = version;
        this.metadata = metadata;
        this.tensorInfos = tensorInfos;
        this.tensors = tensors;
        this.alignment = alignment;
    }

    /** Maps and parses the file; a {@link CheckpointException} naming it (and the tensor) when it is invalid. */
    public static GgufFile open(Path path) {
        Arena arena = Arena.ofShared();
        try {
            MemorySegment file = map(path, arena);
            GgufCursor cursor = new GgufCursor(path, file);
            int magic = cursor.i32();
            if (magic != MAGIC) {
                throw new CheckpointException("%s is not a GGUF file: magic 0x%08x, expected 0x%08x (\"GGUF\")".formatted(path, magic, MAGIC));
            }
            int version = cursor.i32();
            if (version != 2 && version != 3) {
                throw new CheckpointException("%s: GGUF version %d is not supported (supported: 2, 3)".formatted(path, version));
            }
            long tensorCount = cursor.count("tensor count");
            long kvCount = cursor.count("metadata count");
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (long i = 0; i < kvCount; i++) {
                String key = cursor.string();
                metadata.put(key, GgufValues.read(cursor, key));
            }
            int alignment = alignment(path, metadata);
            List<GgufTensorInfo> infos = new ArrayList<>();
            for (long i = 0; i < tensorCount; i++) {
                infos.add(tensorInfo(path, cursor));
            }
            long dataStart = alignUp(cursor.position(), alignment);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (GgufTensorInfo info : infos) {
                if (tensors.put(info.name(), tensor(path, file, dataStart, alignment, info)) != null) {
                    throw new CheckpointException("%s: tensor %s appears twice".formatted(path, info.name()));
                }
            }
            return new GgufFile(path, arena, version, Collections.unmodifiableMap(metadata), List.copyOf(infos),
                    Collections.unmodifiableMap(tensors), alignment);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    /** {@code general.alignment}, 32 by default: the data section and every tensor offset are multiples of it. */
    public int alignment() {
        return alignment;
    }

    /** Tensor infos in file order. */
    public List<GgufTensorInfo> tensorInfos() {
        return tensorInfos;
    }

    public boolean has(String ggufName) {
        return tensors.containsKey(ggufName);
    }

    /** The tensor by its GGUF name, shaped row-major; its data is a slice of the mapped file. */
    public Tensor tensor(String ggufName) {
        Tensor tensor = tensors.get(ggufName);
        if (tensor == null) {
            throw new CheckpointException("tensor %s not found in %s".formatted(ggufName, path));
        }
        return tensor;
    }

    @Override
    public void close() {
        arena.close();
    }

    /** The ggml type numbers the engine reads, and their storage type. */
    static DType dtype(Path path, String tensor, int ggmlType) {
        return switch (ggmlType) {
            case 0 -> DType.F32;
            case 1 -> DType.F16;
            case 8 -> DType.Q8_0;
            case 30 -> DType.BF16;
            default -> throw new CheckpointException("tensor %s in %s has ggml type %d, which is not supported (supported: 0 F32, 1 F16, 8 Q8_0, 30 BF16)"
                    .formatted(tensor, path, ggmlType));
        };
    }

    private static MemorySegment map(Path path, Arena arena) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("GGUF file not found: " + path, e);
        } catch (IOException e) {
            throw new CheckpointException("cannot map %s: %s".formatted(path, e.getMessage()), e);
        }
    }

    private static int alignment(Path path, Map<String, Object> metadata) {
        Object value = metadata.get("general.alignment");
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(value instanceof Long a) || a <= 0 || a > (1 << 20) || Long.bitCount(a) != 1) {
            throw new CheckpointException("%s: general.alignment must be a power of two, got %s".formatted(path, value));
        }
        return (int) (long) a;
    }

    private static GgufTensorInfo tensorInfo(Path path, GgufCursor cursor) {
        String name = cursor.string();
        long nDims = cursor.u32();
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw new CheckpointException("tensor %s in %s has %d dimensions (1 to %d allowed)".formatted(name, path, nDims, MAX_DIMS));
        }
        long[] dims = new long[(int) nDims];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = cursor.i64();
            if (dims[d] < 0) {
                throw new CheckpointException("tensor %s in %s has a negative dimension".formatted(name, path));
            }
        }
        int type = cursor.i32();
        long offset = cursor.i64();
        return new GgufTensorInfo(name, dims, type, offset);
    }

    private static Tensor tensor(Path path, MemorySegment file, long dataStart, int alignment, GgufTensorInfo info) {
        String name = info.name();
        DType dtype = dtype(path, name, info.ggmlType());
        long[] shape = info.shape();
        if (info.dims()[0] % dtype.blockSize() != 0) {
            throw new CheckpointException("tensor %s in %s: rows of %d elements do not fill whole %s blocks of %d"
                    .formatted(name, path, info.dims()[0], dtype, dtype.blockSize()));
        }
        long bytes;
        try {
            bytes = dtype.bytesFor(Arrays.stream(shape).reduce(1, Math::multiplyExact));
        } catch (ArithmeticException e) {
            throw new CheckpointException("tensor %s in %s: dims %s are too large".formatted(name, path, Arrays.toString(info.dims())), e);
        }
        if (info.offset() < 0 || info.offset() % alignment != 0) {
            throw new CheckpointException("tensor %s in %s: offset %d is not a multiple of the alignment %d"
                    .formatted(name, path, info.offset(), alignment));
        }
        long available = file.byteSize() - dataStart;
        if (info.offset() > available || bytes > available - info.offset()) {
            throw new CheckpointException("tensor %s in %s: %d bytes at data offset %d reach beyond the end of the file (%d data bytes): truncated"
                    .formatted(name, path, bytes, info.offset(), Math.max(available, 0)));
        }
        return new Tensor(name, dtype, shape, file.asSlice(dataStart + info.offset(), bytes));
    }

    private static long alignUp(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }
}
