package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.kernel.ComputePool;
import dev.tandem.engine.kernel.Kernels;
import dev.tandem.engine.kernel.Q8Quantizer;
import dev.tandem.engine.kernel.WeightMatrix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Load-time weight quantization ({@code --quantize}): every matrix is rewritten once into memory
 * the model owns; vectors (norms, biases) stay f32, and so does a matrix whose rows do not fill
 * whole Q8_0 blocks (llama.cpp's converter falls back to F16 there). Q8_0 matches ggml's, so a model quantized here
 * and one loaded from a Q8_0 GGUF hold the same bytes.
 */
public enum WeightQuantization {
    NONE, Q8_0;

    public static WeightQuantization parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "q8_0" -> Q8_0;
            default -> throw new IllegalArgumentException("unknown quantization '%s'; supported: none, q8_0".formatted(name));
        };
    }

    /** The weights with every matrix quantized into {@code arena} (shared matrices, e.g. tied embeddings, once). */
    TransformerWeights apply(TransformerWeights weights, Arena arena, Kernels kernels, ComputePool pool) {
        if (this == NONE) {
            return weights;
        }
        Map<WeightMatrix, WeightMatrix> done = new IdentityHashMap<>();
        UnaryOperator<WeightMatrix> q = m -> done.computeIfAbsent(m, k -> toQ8(k, arena, kernels, pool));
        List<LayerWeights> layers = new ArrayList<>();
        for (LayerWeights l : weights.layers()) {
            layers.add(new LayerWeights(l.attentionNorm(), q.apply(l.query()), q.apply(l.key()), q.apply(l.value()), q.apply(l.output()),
                    l.queryBias(), l.keyBias(), l.valueBias(), l.queryNorm(), l.keyNorm(), l.mlpNorm(),
                    q.apply(l.gate()), q.apply(l.up()), q.apply(l.down())));
        }
        return new TransformerWeights(q.apply(weights.embedding()), layers, weights.finalNorm(), q.apply(weights.lmHead()));
    }

    private static WeightMatrix toQ8(WeightMatrix matrix, Arena arena, Kernels kernels, ComputePool pool) {
        if (matrix.dtype() == DType.Q8_0 || matrix.cols() % Q8Quantizer.BLOCK != 0) {
            return matrix;
        }
        long rowBytes = DType.Q8_0.bytesFor(matrix.cols());
        MemorySegment data = arena.allocate(rowBytes * matrix.rows(), 64);
        pool.parallelFor(matrix.rows(), 64, (from, to) -> {
            float[] row = new float[matrix.cols()];
            for (int r = from; r < to; r++) {
                kernels.readRow(matrix, r, row, 0);
                Q8Quantizer.quantize(row, 0, row.length, data.asSlice(r * rowBytes, rowBytes).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
        });
        return new WeightMatrix(matrix.name(), DType.Q8_0, matrix.rows(), matrix.cols(), data);
    }
}
