package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.ModelConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face checkpoint directory as users download it: {@code config.json} (plus optional
 * {@code generation_config.json}) and either one {@code model.safetensors} or shards listed by
 * {@code model.safetensors.index.json}. Every file is memory-mapped; tensors are slices of the mappings,
 * checked against the configuration when the checkpoint is opened.
 */
public final class HfCheckpoint implements Checkpoint {

    public static final String SINGLE_FILE = "model.safetensors";

    private final Path directory;
    private final ModelConfig config;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> fileOfTensor;

    private HfCheckpoint(Path directory, ModelConfig config, List<SafetensorsFile> files, Map<String, SafetensorsFile> fileOfTensor) {
        this.directory = directory;
        this.config = config;
        this.files = List.copyOf(files);
        this.fileOfTensor = Collections.unmodifiableMap(fileOfTensor);
    }

    /** Opens, maps and validates the checkpoint in {@code dir}. */
    public static HfCheckpoint open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("checkpoint directory not found: " + dir);
        }
        ModelConfig config = ModelConfigReader.read(dir);
        List<SafetensorsFile> files = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> fileOfTensor = mapTensors(dir, files);
            TensorLayout.validate(config, name -> fileOfTensor.containsKey(name) ? fileOfTensor.get(name).tensor(name) : null,
                    dir.toString(), name -> fileOfTensor.get(name).path().toString());
            return new HfCheckpoint(dir, config, files, fileOfTensor);
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    /** The safetensors files: the single file, or the shards in name order. */
    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    /** The safetensors file holding a tensor. */
    public Path fileOf(String name) {
        return holder(name).path();
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Set<String> tensorNames() {
        return fileOfTensor.keySet();
    }

    @Override
    public Tensor tensor(String name) {
        return holder(name).tensor(name);
    }

    private SafetensorsFile holder(String name) {
        SafetensorsFile file = fileOfTensor.get(name);
        if (file == null) {
            throw new CheckpointException("tensor %s not found in checkpoint %s".formatted(name, directory));
        }
        return file;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }

    /** Opens the single file or every shard (adding each to {@code opened}) and says which holds each tensor. */
    private static Map<String, SafetensorsFile> mapTensors(Path dir, List<SafetensorsFile> opened) {
        Map<String, SafetensorsFile> fileOfTensor = new LinkedHashMap<>();
        Path single = dir.resolve(SINGLE_FILE);
        Path indexFile = dir.resolve(ShardIndex.FILE_NAME);
        if (Files.isRegularFile(single)) {
            SafetensorsFile file = SafetensorsFile.open(single);
            opened.add(file);
            file.tensorNames().forEach(name -> fileOfTensor.put(name, file));
            return fileOfTensor;
        }
        if (!Files.isRegularFile(indexFile)) {
            throw new CheckpointException("no %s or %s in %s".formatted(SINGLE_FILE, ShardIndex.FILE_NAME, dir));
        }
        ShardIndex index = ShardIndex.read(indexFile);
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        for (String shardName : index.shardNames()) {
            Path shardPath = dir.resolve(shardName);
            if (!Files.isRegularFile(shardPath)) {
                throw new CheckpointException("shard %s listed in %s is missing".formatted(shardName, indexFile));
            }
            SafetensorsFile shard = SafetensorsFile.open(shardPath);
            opened.add(shard);
            shards.put(shardName, shard);
        }
        index.weightMap().forEach((name, shardName) -> {
            SafetensorsFile shard = shards.get(shardName);
            if (!shard.has(name)) {
                throw new CheckpointException("tensor %s is listed in %s under %s, but that shard does not hold it"
                        .formatted(name, indexFile, shardName));
            }
            fileOfTensor.put(name, shard);
        });
        return fileOfTensor;
    }
}
