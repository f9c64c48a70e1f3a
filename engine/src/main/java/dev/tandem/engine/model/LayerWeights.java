package dev.tandem.engine.model;

import dev.tandem.engine.kernel.WeightMatrix;

/**
 * One decoder layer's weights. Norm weights and biases are small and held as f32 arrays; the
 * projections stay in the checkpoint's storage.
 *
 * @param queryBias, keyBias, valueBias Qwen2's attention biases, or null
 * @param queryNorm, keyNorm            Qwen3's per-head RMSNorm weights, or null
 */
public record LayerWeights(
        float[] attentionNorm,
        WeightMatrix query,
        WeightMatrix key,
        WeightMatrix value,
        WeightMatrix output,
        float[] queryBias,
        float[] keyBias,
        float[] valueBias,
        float[] queryNorm,
        float[] keyNorm,
        float[] mlpNorm,
        WeightMatrix gate,
        WeightMatrix up,
        WeightMatrix down) {
}
