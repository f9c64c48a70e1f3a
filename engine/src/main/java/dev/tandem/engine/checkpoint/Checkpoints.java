package dev.tandem.engine.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a checkpoint of either kind: a Hugging Face directory or a GGUF file. */
public final class Checkpoints {

    private Checkpoints() {
    }

    /** A directory opens as {@link HfCheckpoint}, a {@code .gguf} file as {@link GgufCheckpoint}. */
    public static Checkpoint open(Path path) {
        if (Files.isDirectory(path)) {
            return HfCheckpoint.open(path);
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            return GgufCheckpoint.open(path);
        }
        String problem = Files.exists(path) ? "unrecognized checkpoint " + path : "no such file or directory: " + path;
        throw new CheckpointException(problem + ": expected a checkpoint directory with config.json or a .gguf file");
    }
}
