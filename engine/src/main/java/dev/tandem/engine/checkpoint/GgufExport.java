package dev.tandem.engine.checkpoint;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link GgufWriter} wrote.
 *
 * @param file              the GGUF file
 * @param fileBytes         its size
 * @param tensorTypes       tensor count by storage type
 * @param decodeWeightBytes weight bytes one decode step reads: every 2-D weight once, lm_head included (the
 *                          embedding matrix when tied), and one embedding row
 */
public record GgufExport(Path file, long fileBytes, Map<DType, Integer> tensorTypes, long decodeWeightBytes) {

    public GgufExport {
        tensorTypes = Map.copyOf(tensorTypes);
    }

    public int tensorCount() {
        return tensorTypes.values().stream().mapToInt(Integer::intValue).sum();
    }
}
