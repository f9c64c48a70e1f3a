package dev.tandem.engine.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: writes small GGUF files byte by byte, following the GGUF v2/v3 layout. */
final class GgufBuilder {

    private record Kv(String key, int type, Object value, int elementType) {
    }

    private record TensorEntry(String name, long[] dims, int type, byte[] data) {
    }

    private final List<Kv> kvs = new ArrayList<>();
    private final List<TensorEntry> tensors = new ArrayList<>();
    private int version = 3;
    private int alignment = GgufFile.DEFAULT_ALIGNMENT;

    GgufBuilder version(int version) {
        this.version = version;
        return this;
    }

    /** Sets general.alignment (as uint32) and aligns the data to it. */
    GgufBuilder alignment(int alignment) {
        this.alignment = alignment;
        return put("general.alignment", GgufValues.UINT32, (long) alignment);
    }

    GgufBuilder put(String key, int type, Object value) {
        kvs.add(new Kv(key, type, value, -1));
        return this;
    }

    GgufBuilder array(String key, int elementType, List<?> values) {
        kvs.add(new Kv(key, GgufValues.ARRAY, values, elementType));
        return this;
    }

    /** A tensor with dims in ggml order (innermost first). */
    GgufBuilder tensor(String name, int ggmlType, byte[] data, long... dims) {
        tensors.add(new TensorEntry(name, dims, ggmlType, data));
        return this;
    }

    Path write(Path file) throws IOException {
        Files.write(file, build());
        return file;
    }

    byte[] build() {
        Out out = new Out();
        out.i32(GgufFile.MAGIC).i32(version).i64(tensors.size()).i64(kvs.size());
        for (Kv kv : kvs) {
            out.string(kv.key()).i32(kv.type());
            if (kv.type() == GgufValues.ARRAY) {
                List<?> values = (List<?>) kv.value();
                out.i32(kv.elementType()).i64(values.size());
                values.forEach(v -> out.value(kv.elementType(), v));
            } else {
                out.value(kv.type(), kv.value());
            }
        }
        long offset = 0;
        for (TensorEntry t : tensors) {
            out.string(t.name()).i32(t.dims().length);
            for (long d : t.dims()) {
                out.i64(d);
            }
            out.i32(t.type()).i64(offset);
            offset = align(offset + t.data().length);
        }
        out.pad(alignment);
        for (TensorEntry t : tensors) {
            out.bytes.writeBytes(t.data());
            out.pad(alignment);
        }
        return out.bytes.toByteArray();
    }

    private long align(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }

    /** Little-endian bytes of floats. */
    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Out le(int size, long value) {
            for (int i = 0; i < size; i++) {
                bytes.write((int) (value >>> (8 * i)));
            }
            return this;
        }

        Out i32(long v) {
            return le(4, v);
        }

        Out i64(long v) {
            return le(8, v);
        }

        Out string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            i64(utf8.length);
            bytes.writeBytes(utf8);
            return this;
        }

        void pad(int alignment) {
            while (bytes.size() % alignment != 0) {
                bytes.write(0);
            }
        }

        void value(int type, Object v) {
            switch (type) {
                case GgufValues.UINT8, GgufValues.INT8 -> le(1, ((Number) v).longValue());
                case GgufValues.UINT16, GgufValues.INT16 -> le(2, ((Number) v).longValue());
                case GgufValues.UINT32, GgufValues.INT32 -> le(4, ((Number) v).longValue());
                case GgufValues.UINT64, GgufValues.INT64 -> le(8, ((Number) v).longValue());
                case GgufValues.FLOAT32 -> le(4, Float.floatToRawIntBits(((Number) v).floatValue()));
                case GgufValues.FLOAT64 -> le(8, Double.doubleToRawLongBits(((Number) v).doubleValue()));
                case GgufValues.BOOL -> le(1, (Boolean) v ? 1 : 0);
                case GgufValues.STRING -> string((String) v);
                default -> le(4, ((Number) v).longValue()); // a bogus type, for tests of unknown types
            }
        }
    }
}
