package dev.tandem.engine;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference models and goldens in {@code ../shared/models} (beside the repository). Tests that
 * need them call {@link #model(String)}, which skips the test with a reason when they are absent.
 */
public final class SharedAssets {

    private SharedAssets() {
    }

    /** The shared folder: system property {@code tandem.shared.dir} (set by the build), else {@code ../shared}. */
    public static Path sharedDir() {
        String configured = System.getProperty("tandem.shared.dir");
        return Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
    }

    /** The folder of a reference model, e.g. {@code "stories260K"}; skips the calling test when it is missing. */
    public static Path model(String name) {
        Path dir = sharedDir().resolve("models").resolve(name);
        Assumptions.assumeTrue(Files.isDirectory(dir),
                () -> "reference model " + name + " not found at " + dir + " (../shared is absent): skipping");
        return dir;
    }
}
