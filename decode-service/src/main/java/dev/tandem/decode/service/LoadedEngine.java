package dev.tandem.decode.service;

import dev.tandem.engine.model.Model;
import dev.tandem.engine.serving.EngineConfig;
import dev.tandem.engine.serving.ServingEngine;

import java.nio.file.Path;

/** The model this worker loaded and the one serving engine that runs every request on it. */
public record LoadedEngine(Path modelPath, Model model, EngineConfig engineConfig, ServingEngine engine) implements AutoCloseable {

    /** Stops the engine (live requests end with a cancellation) and then releases the model. */
    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            model.close();
        }
    }
}
