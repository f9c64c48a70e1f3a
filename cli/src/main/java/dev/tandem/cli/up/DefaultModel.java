package dev.tandem.cli.up;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.RandomModelShape;
import dev.tandem.engine.model.RandomModelWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model {@code tandem up} serves when none is given: the reference stories260K from
 * {@code ../shared/models} beside the repository when it is there, otherwise a small random-weight
 * Llama (with a byte-level BPE tokenizer and a ChatML template) generated once into the user's cache.
 * Either needs nothing installed and starts in seconds.
 */
public final class DefaultModel {

    private static final RandomModelShape FALLBACK_SHAPE = RandomModelShape.LLAMA_TINY;
    private static final long FALLBACK_SEED = 1;

    private DefaultModel() {
    }

    /** The directory to serve; says on {@code log} which one and why. */
    public static Path resolve(Path repository, PrintStream log) throws IOException {
        Path stories = repository.resolveSibling("shared").resolve("models").resolve("stories260K");
        if (Files.isRegularFile(stories.resolve("config.json"))) {
            log.println("tandem: no --model given; serving the reference stories260K from " + stories);
            return stories.toAbsolutePath().normalize();
        }
        Path random = Path.of(System.getProperty("user.home"), ".cache", "tandem", "models",
                FALLBACK_SHAPE.id() + "-random-seed" + FALLBACK_SEED);
        if (!Files.isRegularFile(random.resolve("config.json"))) {
            Path partial = Files.createDirectories(random.resolveSibling(random.getFileName() + ".partial"));
            RandomModelWriter.write(FALLBACK_SHAPE, DType.F32, FALLBACK_SEED, partial, Optional.empty());
            Files.move(partial, random);
        }
        log.println("tandem: no --model given and ../shared is absent; serving a generated RANDOM-WEIGHT model ("
                + FALLBACK_SHAPE.id() + ", seed " + FALLBACK_SEED + ") from " + random + ": its output is gibberish by design");
        return random;
    }
}
