package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code model.safetensors.index.json}: which shard file holds each tensor.
 *
 * @param weightMap tensor name to shard file name (a plain name in the checkpoint directory)
 * @param totalSize {@code metadata.total_size} when given: the sum of all tensor bytes
 */
public record ShardIndex(Path file, Map<String, String> weightMap, OptionalLong totalSize) {

    public static final String FILE_NAME = "model.safetensors.index.json";

    public ShardIndex {
        weightMap = Collections.unmodifiableMap(new LinkedHashMap<>(weightMap));
    }

    /** Reads and checks an index file. */
    public static ShardIndex read(Path file) {
        JsonFields index = JsonFields.readFile(file);
        JsonFields weightMapFields = index.requireObject("weight_map");
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : weightMapFields.node().properties()) {
            JsonNode shard = entry.getValue();
            if (!shard.isTextual() || !isPlainFileName(shard.textValue())) {
                throw new CheckpointException("%s: weight_map entry for %s must name a file in the checkpoint directory, got %s"
                        .formatted(file, entry.getKey(), shard));
            }
            weightMap.put(entry.getKey(), shard.textValue());
        }
        if (weightMap.isEmpty()) {
            throw new CheckpointException("%s: weight_map is empty".formatted(file));
        }
        OptionalLong totalSize = index.has("metadata")
                ? index.requireObject("metadata").optionalLong("total_size") : OptionalLong.empty();
        return new ShardIndex(file, weightMap, totalSize);
    }

    /** Shard file names, sorted (model-00001-of-… first). */
    public Set<String> shardNames() {
        return new TreeSet<>(weightMap.values());
    }

    private static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.equals(".") && !name.equals("..");
    }
}
