package dev.tandem.engine.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer for file headers (GGUF metadata and tensor infos). */
final class LittleEndianOutput {

    private byte[] bytes = new byte[1 << 16];
    private int size;

    LittleEndianOutput u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    LittleEndianOutput i32(int value) {
        ensure(4);
        ByteBuffer.wrap(bytes, size, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
        size += 4;
        return this;
    }

    LittleEndianOutput i64(long value) {
        ensure(8);
        ByteBuffer.wrap(bytes, size, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        size += 8;
        return this;
    }

    LittleEndianOutput f32(float value) {
        return i32(Float.floatToRawIntBits(value));
    }

    /** A gguf_string: uint64 byte length, then the UTF-8 bytes. */
    LittleEndianOutput string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        i64(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
        return this;
    }

    /** Zero bytes up to the next multiple of {@code alignment}. */
    LittleEndianOutput padTo(int alignment) {
        int padding = (int) (GgufLayout.alignUp(size, alignment) - size);
        ensure(padding);
        size += padding; // the array is zero-filled past size
        return this;
    }

    int size() {
        return size;
    }

    ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            long needed = Math.max((long) size + more, 2L * bytes.length);
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("header larger than 2 GB");
            }
            bytes = Arrays.copyOf(bytes, (int) needed);
        }
    }
}
