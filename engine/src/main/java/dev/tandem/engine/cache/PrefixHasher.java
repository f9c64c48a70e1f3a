package dev.tandem.engine.cache;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Chained prefix hashes over full blocks, the key shared by the engine's prefix cache and the
 * kv-store: {@code hash_i = first16(SHA-256(hash_{i-1} || tokens of block i as little-endian int32))}
 * with {@code hash_{-1}} the model/layout fingerprint. SHA-256 makes accidental collisions across a
 * cluster-wide cache negligible; the engine still compares tokens on every hit. Not thread-safe.
 */
public final class PrefixHasher {

    private final BlockHash fingerprint;
    private final int blockSize;
    private final MessageDigest sha256;

    public PrefixHasher(BlockHash fingerprint, int blockSize) {
        this.fingerprint = fingerprint;
        this.blockSize = blockSize;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    public BlockHash fingerprint() {
        return fingerprint;
    }

    public int blockSize() {
        return blockSize;
    }

    /** The hash of the block {@code tokens[from .. from + blockSize)} following the prefix hashed {@code parent} (null: none). */
    public BlockHash next(BlockHash parent, int[] tokens, int from) {
        byte[] input = new byte[16 + 4 * blockSize];
        System.arraycopy((parent != null ? parent : fingerprint).toBytes(), 0, input, 0, 16);
        for (int i = 0; i < blockSize; i++) {
            int token = tokens[from + i];
            int at = 16 + 4 * i;
            input[at] = (byte) token;
            input[at + 1] = (byte) (token >>> 8);
            input[at + 2] = (byte) (token >>> 16);
            input[at + 3] = (byte) (token >>> 24);
        }
        return BlockHash.of(sha256.digest(input));
    }

    /** One hash per full block of {@code tokens[0 .. length)}. */
    public BlockHash[] chain(int[] tokens, int length) {
        BlockHash[] hashes = new BlockHash[length / blockSize];
        BlockHash parent = null;
        for (int b = 0; b < hashes.length; b++) {
            parent = next(parent, tokens, b * blockSize);
            hashes[b] = parent;
        }
        return hashes;
    }
}
