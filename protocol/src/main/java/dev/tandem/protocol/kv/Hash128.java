package dev.tandem.protocol.kv;

import java.util.HexFormat;

/**
 * 16 bytes as two big-endian longs: a model/layout fingerprint or a block's chained prefix hash.
 * A record, so equality and hashing are by value and cost no allocation.
 */
public record Hash128(long high, long low) {

    public static final int BYTES = 16;

    /** Reads 16 bytes, big-endian. */
    public static Hash128 of(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("a 128-bit hash needs 16 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return of(bytes, 0);
    }

    /** Reads 16 bytes at {@code offset}, big-endian. */
    public static Hash128 of(byte[] bytes, int offset) {
        return new Hash128(readLong(bytes, offset), readLong(bytes, offset + 8));
    }

    /** Parses 32 hex digits. */
    public static Hash128 ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] toBytes() {
        byte[] out = new byte[BYTES];
        writeLong(out, 0, high);
        writeLong(out, 8, low);
        return out;
    }

    public String toHex() {
        return HexFormat.of().formatHex(toBytes());
    }

    @Override
    public String toString() {
        return toHex();
    }

    private static long readLong(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static void writeLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
    }
}
