package dev.tandem.engine.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads GGUF metadata values, mapping each GGUF value type onto a Java type. */
final class GgufValues {

    static final int UINT8 = 0;
    static final int INT8 = 1;
    static final int UINT16 = 2;
    static final int INT16 = 3;
    static final int UINT32 = 4;
    static final int INT32 = 5;
    static final int FLOAT32 = 6;
    static final int BOOL = 7;
    static final int STRING = 8;
    static final int ARRAY = 9;
    static final int UINT64 = 10;
    static final int INT64 = 11;
    static final int FLOAT64 = 12;

    private GgufValues() {
    }

    /** A value preceded by its uint32 type. */
    static Object read(GgufCursor cursor, String key) {
        return value(cursor, cursor.i32(), key);
    }

    private static Object value(GgufCursor cursor, int type, String key) {
        return switch (type) {
            case UINT8 -> (long) Byte.toUnsignedInt(cursor.i8());
            case INT8 -> (long) cursor.i8();
            case UINT16 -> (long) Short.toUnsignedInt(cursor.i16());
            case INT16 -> (long) cursor.i16();
            case UINT32 -> cursor.u32();
            case INT32 -> (long) cursor.i32();
            case UINT64, INT64 -> cursor.i64();
            case FLOAT32 -> shortestDouble(cursor.f32());
            case FLOAT64 -> cursor.f64();
            case BOOL -> bool(cursor, key);
            case STRING -> cursor.string();
            case ARRAY -> array(cursor, key);
            default -> throw new CheckpointException("%s: metadata %s has unknown GGUF value type %d (at offset %d)"
                    .formatted(cursor.path(), key, type, cursor.position() - 4));
        };
    }

    /** The double with the float's shortest decimal form: 1e-5f reads as 1.0E-5, and casting back gives the same float. */
    private static double shortestDouble(float value) {
        return Float.isFinite(value) ? Double.parseDouble(Float.toString(value)) : value;
    }

    private static Boolean bool(GgufCursor cursor, String key) {
        byte b = cursor.i8();
        if (b != 0 && b != 1) {
            throw new CheckpointException("%s: metadata %s: bool byte must be 0 or 1, got %d".formatted(cursor.path(), key, b));
        }
        return b == 1;
    }

    private static List<Object> array(GgufCursor cursor, String key) {
        int elementType = cursor.i32();
        long length = cursor.count("length of array " + key);
        List<Object> values = new ArrayList<>((int) Math.min(length, 1 << 16));
        for (long i = 0; i < length; i++) {
            values.add(value(cursor, elementType, key));
        }
        return Collections.unmodifiableList(values);
    }
}
