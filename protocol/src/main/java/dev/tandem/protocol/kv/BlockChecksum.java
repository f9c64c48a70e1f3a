package dev.tandem.protocol.kv;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The CRC32C of a block's bytes: computed by the writer, verified by the store when a block is
 * committed and when it is read, and by the reader after the bytes land.
 */
public final class BlockChecksum {

    /** Segments are fed to the CRC in windows so a huge block never needs one 2 GiB buffer view. */
    private static final long WINDOW = 1 << 30;

    private BlockChecksum() {
    }

    public static int of(MemorySegment bytes) {
        CRC32C crc = new CRC32C();
        update(crc, bytes);
        return (int) crc.getValue();
    }

    public static void update(CRC32C crc, MemorySegment bytes) {
        for (long at = 0; at < bytes.byteSize(); at += WINDOW) {
            crc.update(bytes.asSlice(at, Math.min(WINDOW, bytes.byteSize() - at)).asByteBuffer());
        }
    }

    public static int of(ByteBuffer bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate());
        return (int) crc.getValue();
    }
}
