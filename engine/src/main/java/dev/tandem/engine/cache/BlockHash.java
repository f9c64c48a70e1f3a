package dev.tandem.engine.cache;

import java.util.HexFormat;

/**
 * A 128-bit block key: the chained hash of a prompt prefix up to and including one full block
 * (see {@link PrefixHasher}), or a model/layout fingerprint.
 */
public record BlockHash(long high, long low) {

    public static BlockHash of(byte[] bytes) {
        if (bytes.length < 16) {
            throw new IllegalArgumentException("a block hash needs 16 bytes, got " + bytes.length);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xFF);
            low = (low << 8) | (bytes[8 + i] & 0xFF);
        }
        return new BlockHash(high, low);
    }

    public byte[] toBytes() {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toBytes());
    }
}
