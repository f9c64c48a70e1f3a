package dev.tandem.gateway.routing;

import dev.tandem.engine.cache.BlockHash;
import dev.tandem.protocol.decode.WorkerInfo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The chain seed and block size for hashing prompts the way a worker's prefix cache groups them.
 *
 * <p>WorkerInfo carries no model fingerprint, so the seed is derived from what it does say (model path,
 * architecture, vocabulary, block size): workers serving the same model share routing memory, others do not. The
 * hashes only key the gateway's own memory of what it sent where; they never need to equal the worker's.
 */
public record BlockLayout(BlockHash fingerprint, int blockSize) {

    public BlockLayout {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        }
    }

    public static BlockLayout of(WorkerInfo info) {
        String identity = String.join("\u0000", info.getModelPath(), info.getArchitecture(),
                Integer.toString(info.getVocabSize()), Integer.toString(info.getKvBlockSize()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return new BlockLayout(BlockHash.of(digest), Math.max(1, info.getKvBlockSize()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
