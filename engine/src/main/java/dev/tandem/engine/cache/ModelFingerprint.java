package dev.tandem.engine.cache;

import dev.tandem.engine.checkpoint.Checkpoint;
import dev.tandem.engine.checkpoint.Tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * 128 bits that tell models and KV layouts apart, so two models never share a cached block: the
 * SHA-256 of the configuration, the KV layout, and every tensor's name, type, shape and a few
 * samples of its bytes (reading all of a 64 GB checkpoint would take a minute).
 */
public final class ModelFingerprint {

    private static final int SAMPLES = 4;
    private static final int SAMPLE_BYTES = 256;

    private ModelFingerprint() {
    }

    public static BlockHash of(Checkpoint checkpoint, KvLayout layout) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
        update(sha256, checkpoint.config().toString());
        update(sha256, layout.toString());
        for (String name : new TreeSet<>(checkpoint.tensorNames())) {
            Tensor tensor = checkpoint.tensor(name);
            update(sha256, name + tensor.dtype() + Arrays.toString(tensor.shape()));
            MemorySegment data = tensor.data();
            long size = data.byteSize();
            for (int s = 0; s < SAMPLES; s++) {
                long from = size <= SAMPLE_BYTES ? 0 : (size - SAMPLE_BYTES) * s / (SAMPLES - 1);
                sha256.update(data.asSlice(from, Math.min(SAMPLE_BYTES, size)).toArray(ValueLayout.JAVA_BYTE));
            }
        }
        return BlockHash.of(sha256.digest());
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }
}
