package dev.tandem.protocol.kv;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Chained prefix hashes of a token sequence, one {@link BlockKey} per full block.
 *
 * <p>{@code hash_i = H(hash_{i-1} || token ids of block i as little-endian int32)} with
 * {@code hash_{-1} = fingerprint}, and {@code H} = the first 16 bytes of SHA-256. A block's hash
 * therefore names its whole prefix: two prompts share block i only if they agree on every token up
 * to the end of block i (and on the model/layout fingerprint). SHA-256 rather than a fast
 * non-cryptographic hash because the cache is shared across workers and requests: a collision would
 * silently give one request another's KV; 128 bits of SHA-256 make that negligible, and hashing
 * 64 bytes per 16-token block costs well under a microsecond.
 */
public final class BlockHashes {

    private BlockHashes() {
    }

    /** The keys of every full block of {@code tokens}; a partial last block has no key. */
    public static BlockKey[] chain(Hash128 fingerprint, int[] tokens, int blockSize) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        int blocks = tokens.length / blockSize;
        BlockKey[] keys = new BlockKey[blocks];
        MessageDigest sha = sha256();
        Hash128 previous = fingerprint;
        for (int b = 0; b < blocks; b++) {
            previous = next(sha, previous, tokens, b * blockSize, (b + 1) * blockSize);
            keys[b] = new BlockKey(fingerprint, previous);
        }
        return keys;
    }

    /**
     * The keys of all of a prompt's blocks, as a prefill stores them and a decode worker fetches
     * them: {@link #chain} over the full blocks, then, when the prompt does not end on a block
     * boundary, its partial last block named by the same rule over its fewer tokens.
     */
    public static java.util.List<BlockKey> promptKeys(Hash128 fingerprint, int[] tokens, int blockSize) {
        BlockKey[] full = chain(fingerprint, tokens, blockSize);
        java.util.List<BlockKey> keys = new java.util.ArrayList<>(java.util.Arrays.asList(full));
        int covered = full.length * blockSize;
        if (covered < tokens.length) {
            Hash128 previous = full.length == 0 ? fingerprint : full[full.length - 1].hash();
            keys.add(new BlockKey(fingerprint, next(previous, tokens, covered, tokens.length)));
        }
        return java.util.List.copyOf(keys);
    }

    /**
     * One link of the chain: the hash of {@code tokens[from, to)} following {@code previous}. Also
     * how a caller names a partial last block (the same rule over fewer tokens).
     */
    public static Hash128 next(Hash128 previous, int[] tokens, int from, int to) {
        return next(sha256(), previous, tokens, from, to);
    }

    private static Hash128 next(MessageDigest sha, Hash128 previous, int[] tokens, int from, int to) {
        if (from < 0 || to > tokens.length || from > to) {
            throw new IndexOutOfBoundsException("tokens [" + from + ", " + to + ") of " + tokens.length);
        }
        byte[] buffer = new byte[Hash128.BYTES + 4 * (to - from)];
        System.arraycopy(previous.toBytes(), 0, buffer, 0, Hash128.BYTES);
        int at = Hash128.BYTES;
        for (int i = from; i < to; i++) {
            int t = tokens[i];
            buffer[at++] = (byte) t;
            buffer[at++] = (byte) (t >>> 8);
            buffer[at++] = (byte) (t >>> 16);
            buffer[at++] = (byte) (t >>> 24);
        }
        sha.reset();
        return Hash128.of(Arrays.copyOf(sha.digest(buffer), Hash128.BYTES));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
