package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.ModelConfig;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A loaded checkpoint: its configuration and its tensors, memory-mapped and owned by this object.
 * Closing it unmaps every tensor; segments handed out before must not be used after.
 */
public interface Checkpoint extends AutoCloseable {

    ModelConfig config();

    /** Hugging Face tensor names present in the checkpoint. */
    Set<String> tensorNames();

    default boolean has(String name) {
        return tensorNames().contains(name);
    }

    /** The tensor with this Hugging Face name; a {@link CheckpointException} naming it and the file when absent. */
    Tensor tensor(String name);

    /** GGUF key/value metadata (tokenizer.ggml.* among it) when the checkpoint is a GGUF file. */
    default Optional<Map<String, Object>> ggufMetadata() {
        return Optional.empty();
    }

    @Override
    void close();
}
