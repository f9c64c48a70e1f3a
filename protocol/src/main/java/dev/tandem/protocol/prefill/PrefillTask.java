package dev.tandem.protocol.prefill;

import dev.tandem.protocol.kv.BlockHashes;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.Hash128;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Work for a prefill worker, published by a decode worker on {@link PrefillChannels#TASKS}:
 * compute the prompt's KV, put its blocks to the kv-store (layer by layer), then put the request's
 * entry (first token, logprob, block keys). The decode worker meanwhile subscribes to
 * {@link #blockKeys()} and the entry of {@link #requestId()} in the kv-store.
 *
 * <p>The block keys are those of {@link BlockHashes#promptKeys}: the model/layout fingerprint and
 * the chained hashes of the prompt's full blocks, then of its partial last block if any. The
 * fingerprint names model, KV dtype and block size together, so a worker whose own fingerprint
 * differs refuses the task. Hashes travel as 32 hex digits.
 *
 * @param requestId        the request, unique while it lives
 * @param promptIds        the prompt's token ids
 * @param sampling         how to sample the first token
 * @param fingerprint      the model/layout fingerprint (32 hex digits)
 * @param blockSize        tokens per KV block
 * @param blockHashes      the chained hash of each of the prompt's blocks (32 hex digits each)
 * @param decode           the decode worker waiting for the result
 * @param deadlineEpochMillis after this instant the decode worker has given up (fallen back to
 *                         local prefill): a worker drops the task instead of computing it
 */
public record PrefillTask(String requestId, int[] promptIds, FirstTokenSampling sampling, String fingerprint,
                          int blockSize, List<String> blockHashes, DecodeTarget decode, long deadlineEpochMillis) {

    public PrefillTask {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must be non-empty, got " + requestId);
        }
        if (promptIds == null || promptIds.length == 0) {
            throw new IllegalArgumentException("promptIds must hold at least one token");
        }
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(decode, "decode");
        Hash128.ofHex(fingerprint);
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize must be positive, got " + blockSize);
        }
        int expected = (promptIds.length + blockSize - 1) / blockSize;
        if (blockHashes == null || blockHashes.size() != expected) {
            throw new IllegalArgumentException("a prompt of %d tokens in blocks of %d has %d block hashes, got %s"
                    .formatted(promptIds.length, blockSize, expected, blockHashes == null ? "none" : blockHashes.size()));
        }
        blockHashes.forEach(Hash128::ofHex);
        promptIds = promptIds.clone();
        blockHashes = List.copyOf(blockHashes);
    }

    /** A task whose block keys are computed here from the prompt, the fingerprint and the block size. */
    public static PrefillTask of(String requestId, int[] promptIds, FirstTokenSampling sampling, Hash128 fingerprint,
                                 int blockSize, DecodeTarget decode, long deadlineEpochMillis) {
        List<String> hashes = BlockHashes.promptKeys(fingerprint, promptIds, blockSize).stream()
                .map(k -> k.hash().toHex()).toList();
        return new PrefillTask(requestId, promptIds, sampling, fingerprint.toHex(), blockSize, hashes, decode, deadlineEpochMillis);
    }

    @Override
    public int[] promptIds() {
        return promptIds.clone();
    }

    public Hash128 fingerprintHash() {
        return Hash128.ofHex(fingerprint);
    }

    /** The kv-store keys of the prompt's blocks, in prompt order (the last one partial when the prompt ends inside a block). */
    public List<BlockKey> blockKeys() {
        Hash128 fp = fingerprintHash();
        return blockHashes.stream().map(h -> new BlockKey(fp, Hash128.ofHex(h))).toList();
    }

    /** Whether the keys are the ones {@link BlockHashes#promptKeys} gives for this prompt. */
    public boolean keysMatchPrompt() {
        return BlockHashes.promptKeys(fingerprintHash(), promptIds, blockSize).equals(blockKeys());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrefillTask t && requestId.equals(t.requestId) && Arrays.equals(promptIds, t.promptIds)
                && sampling.equals(t.sampling) && fingerprint.equalsIgnoreCase(t.fingerprint) && blockSize == t.blockSize
                && blockHashes.equals(t.blockHashes) && decode.equals(t.decode) && deadlineEpochMillis == t.deadlineEpochMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestId, Arrays.hashCode(promptIds), blockSize, deadlineEpochMillis);
    }

    @Override
    public String toString() {
        return "PrefillTask[" + requestId + ", " + promptIds.length + " tokens, " + blockHashes.size() + " blocks, decode "
                + decode.id() + "]";
    }
}
