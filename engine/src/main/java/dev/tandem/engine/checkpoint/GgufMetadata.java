package dev.tandem.engine.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GGUF key/value metadata to write, in insertion order, each value with its GGUF type: integers as uint32,
 * reals as float32, booleans, strings, and arrays of strings, float32 or int32.
 */
final class GgufMetadata {

    private record Entry(int type, int elementType, Object value) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    GgufMetadata string(String key, String value) {
        return put(key, new Entry(GgufValues.STRING, -1, value));
    }

    GgufMetadata u32(String key, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("metadata %s: %d does not fit a uint32".formatted(key, value));
        }
        return put(key, new Entry(GgufValues.UINT32, -1, value));
    }

    GgufMetadata f32(String key, double value) {
        return put(key, new Entry(GgufValues.FLOAT32, -1, (float) value));
    }

    GgufMetadata bool(String key, boolean value) {
        return put(key, new Entry(GgufValues.BOOL, -1, value));
    }

    GgufMetadata strings(String key, List<String> values) {
        return put(key, new Entry(GgufValues.ARRAY, GgufValues.STRING, List.copyOf(values)));
    }

    GgufMetadata f32s(String key, float[] values) {
        return put(key, new Entry(GgufValues.ARRAY, GgufValues.FLOAT32, values.clone()));
    }

    GgufMetadata i32s(String key, int[] values) {
        return put(key, new Entry(GgufValues.ARRAY, GgufValues.INT32, values.clone()));
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    int size() {
        return entries.size();
    }

    List<String> keys() {
        return new ArrayList<>(entries.keySet());
    }

    /** Writes every entry: key, uint32 type, value (arrays: element type, uint64 length, elements). */
    void writeTo(LittleEndianOutput out) {
        entries.forEach((key, entry) -> {
            out.string(key).i32(entry.type());
            if (entry.type() == GgufValues.ARRAY) {
                writeArray(out, entry);
            } else {
                writeScalar(out, entry.type(), entry.value());
            }
        });
    }

    private GgufMetadata put(String key, Entry entry) {
        if (entries.putIfAbsent(key, entry) != null) {
            throw new IllegalArgumentException("metadata key %s is set twice".formatted(key));
        }
        return this;
    }

    private static void writeArray(LittleEndianOutput out, Entry entry) {
        out.i32(entry.elementType());
        switch (entry.value()) {
            case List<?> strings -> {
                out.i64(strings.size());
                strings.forEach(s -> out.string((String) s));
            }
            case float[] floats -> {
                out.i64(floats.length);
                for (float f : floats) {
                    out.f32(f);
                }
            }
            case int[] ints -> {
                out.i64(ints.length);
                for (int i : ints) {
                    out.i32(i);
                }
            }
            default -> throw new IllegalStateException("unexpected array " + entry.value().getClass());
        }
    }

    private static void writeScalar(LittleEndianOutput out, int type, Object value) {
        switch (type) {
            case GgufValues.STRING -> out.string((String) value);
            case GgufValues.UINT32 -> out.i32((int) (long) (Long) value);
            case GgufValues.FLOAT32 -> out.f32((Float) value);
            case GgufValues.BOOL -> out.u8((Boolean) value ? 1 : 0);
            default -> throw new IllegalStateException("unexpected metadata type " + type);
        }
    }
}
