package dev.tandem.engine.checkpoint;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Sequential little-endian reads from a mapped GGUF file, failing with the file and offset when it runs out. */
final class GgufCursor {

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final MemorySegment file;
    private long position;

    GgufCursor(Path path, MemorySegment file) {
        this.path = path;
        this.file = file;
    }

    Path path() {
        return path;
    }

    long position() {
        return position;
    }

    byte i8() {
        return file.get(ValueLayout.JAVA_BYTE, advance(1));
    }

    short i16() {
        return file.get(U16, advance(2));
    }

    int i32() {
        return file.get(U32, advance(4));
    }

    long u32() {
        return Integer.toUnsignedLong(i32());
    }

    long i64() {
        return file.get(U64, advance(8));
    }

    float f32() {
        return file.get(F32, advance(4));
    }

    double f64() {
        return file.get(F64, advance(8));
    }

    /** A count or size that must fit the rest of the file (each counted item takes at least one byte). */
    long count(String what) {
        long value = i64();
        if (value < 0 || value > file.byteSize() - position) {
            throw new CheckpointException("%s: %s %s at offset %d exceeds the file size (%d bytes): truncated or corrupt"
                    .formatted(path, what, Long.toUnsignedString(value), position - 8, file.byteSize()));
        }
        return value;
    }

    /** A gguf_string: uint64 byte length, then UTF-8 bytes. */
    String string() {
        long length = count("string length");
        long start = advance(length);
        return new String(file.asSlice(start, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private long advance(long bytes) {
        long start = position;
        if (bytes > file.byteSize() - start) {
            throw new CheckpointException("%s: unexpected end of file at offset %d (needed %d more bytes of %d): truncated"
                    .formatted(path, start, bytes, file.byteSize()));
        }
        position = start + bytes;
        return start;
    }
}
