package dev.tandem.engine.model;

import dev.tandem.engine.cache.BlockTable;

import java.util.List;

/** Where each row of a flattened forward batch comes from: its token, position and block table. */
final class BatchLayout {

    private final int[] tokens;
    private final int[] positions;
    private final BlockTable[] tables;
    private final int[] lastRows;
    private final int blockSize;
    private final int maxContext;

    private BatchLayout(int[] tokens, int[] positions, BlockTable[] tables, int[] lastRows, int blockSize, int maxContext) {
        this.tokens = tokens;
        this.positions = positions;
        this.tables = tables;
        this.lastRows = lastRows;
        this.blockSize = blockSize;
        this.maxContext = maxContext;
    }

    static BatchLayout of(List<SequenceChunk> chunks, int blockSize, int vocabSize) {
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a forward batch needs at least one chunk");
        }
        int n = chunks.stream().mapToInt(c -> c.tokens().length).sum();
        int[] tokens = new int[n];
        int[] positions = new int[n];
        BlockTable[] tables = new BlockTable[n];
        int[] lastRows = new int[(int) chunks.stream().filter(SequenceChunk::logits).count()];
        int logitRows = 0;
        int row = 0;
        int maxContext = 0;
        for (int c = 0; c < chunks.size(); c++) {
            SequenceChunk chunk = chunks.get(c);
            if ((long) chunk.blocks().size() * blockSize < chunk.end()) {
                throw new IllegalArgumentException("a chunk ending at position %d has only %d blocks of %d positions"
                        .formatted(chunk.end(), chunk.blocks().size(), blockSize));
            }
            for (int t = 0; t < chunk.tokens().length; t++, row++) {
                int id = chunk.tokens()[t];
                if (id < 0 || id >= vocabSize) {
                    throw new IllegalArgumentException("token id %d is outside the vocabulary [0, %d)".formatted(id, vocabSize));
                }
                tokens[row] = id;
                positions[row] = chunk.start() + t;
                tables[row] = chunk.blocks();
            }
            if (chunk.logits()) {
                lastRows[logitRows++] = row - 1;
            }
            maxContext = Math.max(maxContext, chunk.end());
        }
        return new BatchLayout(tokens, positions, tables, lastRows, blockSize, maxContext);
    }

    int tokens() {
        return tokens.length;
    }

    int token(int row) {
        return tokens[row];
    }

    int position(int row) {
        return positions[row];
    }

    int[] positions() {
        return positions;
    }

    /** The block holding position {@code position} of row {@code row}'s sequence. */
    int block(int row, int position) {
        return tables[row].get(position / blockSize);
    }

    int blockSize() {
        return blockSize;
    }

    /** The longest context any row attends over. */
    int maxContext() {
        return maxContext;
    }

    /** The last row of each chunk that asks for logits, in chunk order. */
    int[] lastRows() {
        return lastRows.clone();
    }

    int[] allRows() {
        int[] rows = new int[tokens.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
