package dev.tandem.gateway.worker;

import java.nio.file.Files;
import java.nio.file.Path;

/** The reference models in ../shared (system property {@code tandem.shared.dir}); tests skip without them. */
public final class SharedModels {

    private SharedModels() {
    }

    public static Path qwen3TinyRandom() {
        return Path.of(System.getProperty("tandem.shared.dir", "../../shared"), "models", "qwen3-tiny-random")
                .toAbsolutePath().normalize();
    }

    /** For {@code @EnabledIf}: the Qwen3 tiny random model with its real tokenizer is present. */
    public static boolean qwen3TinyRandomPresent() {
        return Files.isRegularFile(qwen3TinyRandom().resolve("tokenizer.json"))
                && Files.isRegularFile(qwen3TinyRandom().resolve("config.json"));
    }
}
