package dev.tandem.engine.serving;

import dev.tandem.engine.checkpoint.DType;

/**
 * How the serving engine uses memory and batches work.
 *
 * @param kvBlocks         blocks in the KV pool
 * @param blockSize        tokens per KV block (vLLM's default 16)
 * @param kvDtype          F32 or BF16 KV cache
 * @param maxNumSeqs       most sequences in the running batch
 * @param maxBatchedTokens token budget of one step, prefill chunks and decode tokens together
 */
public record EngineConfig(int kvBlocks, int blockSize, DType kvDtype, int maxNumSeqs, int maxBatchedTokens) {

    public EngineConfig {
        if (kvBlocks < 1) {
            throw new IllegalArgumentException("kv blocks must be >= 1, got " + kvBlocks);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be >= 1, got " + blockSize);
        }
        if (maxNumSeqs < 1) {
            throw new IllegalArgumentException("max_num_seqs must be >= 1, got " + maxNumSeqs);
        }
        if (maxBatchedTokens < 1) {
            throw new IllegalArgumentException("max batched tokens must be >= 1, got " + maxBatchedTokens);
        }
    }

    public static EngineConfig defaults(int kvBlocks) {
        return new EngineConfig(kvBlocks, 16, DType.F32, 64, 512);
    }
}
