package dev.tandem.protocol.kv;

/** The element type of stored keys and values. */
public enum KvDType {
    F32(4), BF16(2);

    private final int bytes;

    KvDType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }
}
