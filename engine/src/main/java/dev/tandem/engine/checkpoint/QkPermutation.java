package dev.tandem.engine.checkpoint;

import java.util.function.IntUnaryOperator;

/**
 * llama.cpp's {@code LlamaModel.permute} for q/k projection rows: within each head of {@code headDim} rows,
 * Hugging Face's rotate_half order (first halves, then second halves) becomes Meta's interleaved pairs, so
 * output row {@code 2i + j} of a head is source row {@code j * headDim/2 + i}.
 */
final class QkPermutation {

    private QkPermutation() {
    }

    /** Output row to source row, for a projection of {@code rows} rows split into {@code heads} heads. */
    static IntUnaryOperator sourceRows(int rows, int heads) {
        if (heads <= 0 || rows % heads != 0 || (rows / heads) % 2 != 0) {
            throw new IllegalArgumentException("cannot permute %d rows as %d heads of an even size".formatted(rows, heads));
        }
        int headDim = rows / heads;
        int half = headDim / 2;
        return row -> {
            int head = row / headDim;
            int within = row % headDim;
            return head * headDim + (within % 2) * half + within / 2;
        };
    }
}
