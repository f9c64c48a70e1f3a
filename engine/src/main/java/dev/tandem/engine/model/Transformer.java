package dev.tandem.engine.model;

import dev.tandem.engine.kernel.ComputePool;
import dev.tandem.engine.kernel.Kernels;

/**
 * The decoder-only transformer forward pass (Llama, Qwen2, Qwen3) for one sequence: a chunk of
 * prompt tokens (prefill) or a single token (decode) against the sequence's {@link KvCache}.
 * Logits do not depend on how a prompt is split into chunks.
 */
public final class Transformer {

    private final ModelConfig config;
    private final TransformerWeights weights;
    private final Kernels kernels;
    private final ComputePool pool;
    private final RotaryEmbedding rope;
    private final float attentionScale;

    public Transformer(ModelConfig config, TransformerWeights weights, Kernels kernels, ComputePool pool) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.pool = pool;
        this.rope = new RotaryEmbedding(config.headDim(), config.ropeTheta(), config.ropeLayout());
        this.attentionScale = (float) (1.0 / Math.sqrt(config.headDim()));
    }

    public ModelConfig config() {
        return config;
    }

    public TransformerWeights weights() {
        return weights;
    }

    /**
     * Runs {@code tokens} at the positions following what {@code cache} holds, appends their keys
     * and values to it, and returns logits: {@code [vocab]} for the last token, or
     * {@code [tokens * vocab]} for every token when {@code allPositions}.
     */
    public float[] forward(int[] tokens, KvCache cache, boolean allPositions) {
        int n = tokens.length;
        if (n == 0) {
            throw new IllegalArgumentException("forward needs at least one token");
        }
        int hidden = config.hiddenSize();
        int start = cache.length();
        cache.ensureCapacity(start + n);

        float[] x = new float[n * hidden];
        for (int t = 0; t < n; t++) {
            if (tokens[t] < 0 || tokens[t] >= config.vocabSize()) {
                throw new IllegalArgumentException("token id %d is outside the vocabulary [0, %d)".formatted(tokens[t], config.vocabSize()));
            }
            kernels.readRow(weights.embedding(), tokens[t], x, t * hidden);
        }
        int[] positions = new int[n];
        for (int t = 0; t < n; t++) {
            positions[t] = start + t;
        }
        RotaryEmbedding.Angles angles = rope.angles(positions);

        LayerBuffers buffers = new LayerBuffers(config, n);
        for (int layer = 0; layer < config.numLayers(); layer++) {
            attentionBlock(layer, weights.layers().get(layer), x, n, start, angles, cache, buffers);
            mlpBlock(weights.layers().get(layer), x, n, buffers);
        }
        cache.advance(n);
        return logits(x, n, allPositions);
    }

    private void attentionBlock(int layer, LayerWeights w, float[] x, int n, int start,
                                RotaryEmbedding.Angles angles, KvCache cache, LayerBuffers b) {
        int hidden = config.hiddenSize();
        float eps = (float) config.rmsNormEps();
        for (int t = 0; t < n; t++) {
            kernels.rmsNorm(x, t * hidden, w.attentionNorm(), eps, b.normed, t * hidden, hidden);
        }
        kernels.matmul(w.query(), b.normed, n, b.q);
        kernels.matmul(w.key(), b.normed, n, b.k);
        kernels.matmul(w.value(), b.normed, n, b.v);
        if (w.queryBias() != null) {
            addBias(b.q, w.queryBias(), n);
            addBias(b.k, w.keyBias(), n);
            addBias(b.v, w.valueBias(), n);
        }
        if (w.queryNorm() != null) {
            normalizeHeads(b.q, n * config.numHeads(), w.queryNorm(), eps);
            normalizeHeads(b.k, n * config.numKvHeads(), w.keyNorm(), eps);
        }
        rope.apply(kernels, b.q, n, config.numHeads(), angles);
        rope.apply(kernels, b.k, n, config.numKvHeads(), angles);
        cache.write(layer, start, b.k, b.v, n);
        attend(cache.keys(layer), cache.values(layer), b.q, n, start, b.attention);
        kernels.matmul(w.output(), b.attention, n, b.projected);
        kernels.add(x, b.projected, n * hidden);
    }

    /** Causal grouped-query attention of {@code n} query rows over positions {@code [0, start + t]}. */
    private void attend(float[] keys, float[] values, float[] q, int n, int start, float[] out) {
        int heads = config.numHeads();
        int headDim = config.headDim();
        int kvDim = config.kvDim();
        int group = config.groupSize();
        pool.parallelFor(n * heads, 1, (from, to) -> {
            float[] scores = new float[start + n];
            for (int item = from; item < to; item++) {
                int t = item / heads;
                int h = item % heads;
                int kvOffset = (h / group) * headDim;
                int qOffset = (t * heads + h) * headDim;
                int context = start + t + 1;
                for (int j = 0; j < context; j++) {
                    scores[j] = kernels.dot(q, qOffset, keys, j * kvDim + kvOffset, headDim) * attentionScale;
                }
                kernels.softmax(scores, 0, context);
                java.util.Arrays.fill(out, qOffset, qOffset + headDim, 0f);
                for (int j = 0; j < context; j++) {
                    kernels.axpy(scores[j], values, j * kvDim + kvOffset, out, qOffset, headDim);
                }
            }
        });
    }

    private void mlpBlock(LayerWeights w, float[] x, int n, LayerBuffers b) {
        int hidden = config.hiddenSize();
        for (int t = 0; t < n; t++) {
            kernels.rmsNorm(x, t * hidden, w.mlpNorm(), (float) config.rmsNormEps(), b.normed, t * hidden, hidden);
        }
        kernels.matmul(w.gate(), b.normed, n, b.gate);
        kernels.matmul(w.up(), b.normed, n, b.up);
        kernels.siluMul(b.gate, b.up, n * config.intermediateSize());
        kernels.matmul(w.down(), b.gate, n, b.projected);
        kernels.add(x, b.projected, n * hidden);
    }

    private float[] logits(float[] x, int n, boolean allPositions) {
        int hidden = config.hiddenSize();
        int first = allPositions ? 0 : n - 1;
        int rows = n - first;
        float[] normed = new float[rows * hidden];
        for (int t = first; t < n; t++) {
            kernels.rmsNorm(x, t * hidden, weights.finalNorm(), (float) config.rmsNormEps(), normed, (t - first) * hidden, hidden);
        }
        float[] logits = new float[rows * config.vocabSize()];
        kernels.matmul(weights.lmHead(), normed, rows, logits);
        return logits;
    }

    private void normalizeHeads(float[] x, int heads, float[] weight, float eps) {
        int headDim = config.headDim();
        for (int h = 0; h < heads; h++) {
            kernels.rmsNorm(x, h * headDim, weight, eps, x, h * headDim, headDim);
        }
    }

    private static void addBias(float[] x, float[] bias, int n) {
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < bias.length; i++) {
                x[t * bias.length + i] += bias[i];
            }
        }
    }

    /** Scratch activations for one chunk, reused across layers. */
    private static final class LayerBuffers {
        final float[] normed;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] attention;
        final float[] projected;
        final float[] gate;
        final float[] up;

        LayerBuffers(ModelConfig c, int n) {
            normed = new float[n * c.hiddenSize()];
            q = new float[n * c.queryDim()];
            k = new float[n * c.kvDim()];
            v = new float[n * c.kvDim()];
            attention = new float[n * c.queryDim()];
            projected = new float[n * c.hiddenSize()];
            gate = new float[n * c.intermediateSize()];
            up = new float[n * c.intermediateSize()];
        }
    }
}
