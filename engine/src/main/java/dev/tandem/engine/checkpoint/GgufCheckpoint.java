package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.ModelConfig;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A GGUF file as a {@link Checkpoint}: tensors under their Hugging Face names (see {@link GgufTensorNames}),
 * row-major shapes, the configuration from the metadata. For GGUF {@code llama} the Q/K rows stay in
 * Meta's interleaved layout ({@link dev.tandem.engine.model.RopeLayout#INTERLEAVED}); they are not permuted.
 */
public final class GgufCheckpoint implements Checkpoint {

    private final GgufFile file;
    private final ModelConfig config;
    private final Map<String, Tensor> tensors;

    private GgufCheckpoint(GgufFile file, ModelConfig config, Map<String, Tensor> tensors) {
        this.file = file;
        this.config = config;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Maps the file, reads its configuration and checks its tensors against it. */
    public static GgufCheckpoint open(Path path) {
        GgufFile file = GgufFile.open(path);
        try {
            ModelConfig config = GgufConfigReader.read(file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (GgufTensorInfo info : file.tensorInfos()) {
                Tensor t = file.tensor(info.name());
                String hfName = GgufTensorNames.toHf(info.name());
                tensors.put(hfName, new Tensor(hfName, t.dtype(), t.shape(), t.data()));
            }
            TensorLayout.validate(config, tensors::get, path.toString(), name -> path.toString());
            return new GgufCheckpoint(file, config, tensors);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public Path path() {
        return file.path();
    }

    /** The underlying file, for its tensor infos and GGUF names. */
    public GgufFile file() {
        return file;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Set<String> tensorNames() {
        return tensors.keySet();
    }

    @Override
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException("tensor %s not found in %s".formatted(name, file.path()));
        }
        return tensor;
    }

    @Override
    public Optional<Map<String, Object>> ggufMetadata() {
        return Optional.of(file.metadata());
    }

    @Override
    public void close() {
        file.close();
    }
}
