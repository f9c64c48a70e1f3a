package dev.tandem.engine.model;

import dev.tandem.engine.cache.KvBlockPool;
import dev.tandem.engine.kernel.ComputePool;
import dev.tandem.engine.kernel.Kernels;

import java.util.Arrays;
import java.util.List;

/**
 * The decoder-only transformer forward pass (Llama, Qwen2, Qwen3) over a batch of sequence chunks
 * (prompt chunks and decode tokens) against a paged KV cache. Logits do not depend on how a prompt
 * is split into chunks, nor on what else shares the batch.
 */
public final class Transformer {

    private final ModelConfig config;
    private final TransformerWeights weights;
    private final Kernels kernels;
    private final ComputePool compute;
    private final RotaryEmbedding rope;
    private final float attentionScale;

    public Transformer(ModelConfig config, TransformerWeights weights, Kernels kernels, ComputePool compute) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.compute = compute;
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
        cache.ensureCapacity(cache.length() + tokens.length);
        float[] logits = forward(cache.pool(), List.of(new SequenceChunk(tokens, cache.length(), cache.table(), true)), allPositions);
        cache.advance(tokens.length);
        return logits;
    }

    /**
     * One forward pass over a batch of sequence chunks (prefill chunks and decode tokens mixed):
     * every matrix product runs once over all their tokens, attention per sequence through its
     * block table. Each chunk's blocks must already cover its positions. Returns logits
     * {@code [chunks * vocab]} for the last token of each chunk that asks for logits, or
     * {@code [tokens * vocab]} for every token when {@code allPositions}.
     */
    public float[] forward(KvBlockPool pool, List<SequenceChunk> chunks, boolean allPositions) {
        return forward(pool, chunks, allPositions, null);
    }

    /**
     * {@link #forward(KvBlockPool, List, boolean)}, telling {@code listener} (when not null) after
     * each layer has written its keys and values.
     */
    public float[] forward(KvBlockPool pool, List<SequenceChunk> chunks, boolean allPositions, LayerListener listener) {
        BatchLayout batch = BatchLayout.of(chunks, pool.layout().blockSize(), config.vocabSize());
        int n = batch.tokens();
        int hidden = config.hiddenSize();
        float[] x = new float[n * hidden];
        for (int r = 0; r < n; r++) {
            kernels.readRow(weights.embedding(), batch.token(r), x, r * hidden);
        }
        RotaryEmbedding.Angles angles = rope.angles(batch.positions());
        LayerBuffers buffers = new LayerBuffers(config, n);
        for (int layer = 0; layer < config.numLayers(); layer++) {
            attentionBlock(layer, weights.layers().get(layer), x, batch, pool, angles, buffers);
            if (listener != null) {
                listener.layerWritten(layer, pool, chunks);
            }
            mlpBlock(weights.layers().get(layer), x, n, buffers);
        }
        return logits(x, allPositions ? batch.allRows() : batch.lastRows());
    }

    private void attentionBlock(int layer, LayerWeights w, float[] x, BatchLayout batch, KvBlockPool pool,
                                RotaryEmbedding.Angles angles, LayerBuffers b) {
        int n = batch.tokens();
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
        int kvDim = config.kvDim();
        for (int r = 0; r < n; r++) {
            pool.write(batch.block(r, batch.position(r)), layer, batch.position(r) % batch.blockSize(), b.k, r * kvDim, b.v, r * kvDim);
        }
        attend(layer, pool, batch, b.q, b.attention);
        kernels.matmul(w.output(), b.attention, n, b.projected);
        kernels.add(x, b.projected, n * hidden);
    }

    /** Causal grouped-query attention: row r attends to its own sequence's positions {@code [0, position(r)]}. */
    private void attend(int layer, KvBlockPool pool, BatchLayout batch, float[] q, float[] out) {
        int heads = config.numHeads();
        int headDim = config.headDim();
        int group = config.groupSize();
        int blockSize = batch.blockSize();
        var dtype = pool.layout().dtype();
        long headBytes = (long) headDim * pool.layout().elementBytes();
        long rowStride = pool.offset(0, layer, false, 1) - pool.offset(0, layer, false, 0);
        var memory = pool.memory();
        compute.parallelFor(batch.tokens() * heads, 1, (from, to) -> {
            float[] scores = new float[batch.maxContext()];
            for (int item = from; item < to; item++) {
                int r = item / heads;
                int h = item % heads;
                long headOffset = (h / group) * headBytes;
                int qOffset = (r * heads + h) * headDim;
                int context = batch.position(r) + 1;
                for (int j = 0; j < context; j += blockSize) {
                    long keys = pool.offset(batch.block(r, j), layer, false, 0) + headOffset;
                    int count = Math.min(blockSize, context - j);
                    kernels.dots(q, qOffset, memory, keys, rowStride, dtype, headDim, count, attentionScale, scores, j);
                }
                kernels.softmax(scores, 0, context);
                Arrays.fill(out, qOffset, qOffset + headDim, 0f);
                for (int j = 0; j < context; j += blockSize) {
                    long values = pool.offset(batch.block(r, j), layer, true, 0) + headOffset;
                    int count = Math.min(blockSize, context - j);
                    kernels.weightedSum(scores, j, memory, values, rowStride, dtype, headDim, count, out, qOffset);
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

    private float[] logits(float[] x, int[] rows) {
        int hidden = config.hiddenSize();
        float[] normed = new float[rows.length * hidden];
        for (int i = 0; i < rows.length; i++) {
            kernels.rmsNorm(x, rows[i] * hidden, weights.finalNorm(), (float) config.rmsNormEps(), normed, i * hidden, hidden);
        }
        float[] logits = new float[rows.length * config.vocabSize()];
        kernels.matmul(weights.lmHead(), normed, rows.length, logits);
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
