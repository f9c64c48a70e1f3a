package dev.tandem.decode.service;

import dev.tandem.decode.config.DecodeConfig;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.model.WeightQuantization;
import dev.tandem.engine.serving.EngineConfig;
import dev.tandem.engine.serving.ServingEngine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Locale;

/**
 * Loads the model at startup, in the background (the worker is unavailable, and not ready, until
 * it is done), and on shutdown stops taking requests, lets running streams finish within the
 * grace period, aborts the rest and closes the engine.
 */
@ApplicationScoped
public class EngineLifecycle {

    private static final Logger LOG = Logger.getLogger(EngineLifecycle.class);

    private final DecodeConfig config;
    private final Admission admission;
    private volatile LoadedEngine loaded;
    private volatile String failure;
    private volatile boolean stopping;

    public EngineLifecycle(DecodeConfig config, Admission admission) {
        this.config = config;
        this.admission = admission;
    }

    void start(@Observes StartupEvent event) {
        Thread.ofPlatform().name("decode-model-load").daemon().start(this::load);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        admission.close();
        if (!admission.awaitIdle(config.shutdownGrace())) {
            LOG.warnf("%d streams still running after %s; aborting them", admission.inFlight(), config.shutdownGrace());
        }
        LoadedEngine l = loaded;
        loaded = null;
        if (l != null) {
            l.close();
        }
    }

    private void load() {
        long started = System.nanoTime();
        try {
            EngineConfig engineConfig = engineConfig();
            int threads = config.threads().orElse(Runtime.getRuntime().availableProcessors());
            Model model = Model.open(config.model(), threads, WeightQuantization.parse(config.quantization()));
            try {
                ServingEngine engine = new ServingEngine(model, engineConfig);
                if (stopping) {
                    new LoadedEngine(config.model(), model, engineConfig, engine).close();
                    return;
                }
                loaded = new LoadedEngine(config.model(), model, engineConfig, engine);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            LOG.infof("loaded %s (%s, vocabulary %d, context %d) in %d ms on %d threads; %d KV blocks of %d tokens",
                    config.model(), model.config().architecture().hfName(), model.config().vocabSize(),
                    model.config().maxPositionEmbeddings(), (System.nanoTime() - started) / 1_000_000, threads,
                    engineConfig.kvBlocks(), engineConfig.blockSize());
        } catch (RuntimeException e) {
            failure = e.getMessage() != null ? e.getMessage() : e.toString();
            LOG.errorf(e, "cannot load the model %s", config.model());
        }
    }

    private EngineConfig engineConfig() {
        DType kvDtype = switch (config.kv().dtype().toLowerCase(Locale.ROOT)) {
            case "f32" -> DType.F32;
            case "bf16" -> DType.BF16;
            default -> throw new IllegalArgumentException("tandem.decode.kv.dtype must be f32 or bf16, got " + config.kv().dtype());
        };
        return new EngineConfig(config.kv().blocks(), config.kv().blockSize(), kvDtype,
                config.scheduling().maxRunning(), config.scheduling().maxBatchedTokens());
    }

    /** The loaded engine, or {@link WorkerUnavailableException} while loading, after a failed load, or when stopping. */
    public LoadedEngine engine() {
        LoadedEngine l = loaded;
        if (stopping) {
            throw new WorkerUnavailableException("the decode worker is stopping");
        }
        if (l == null) {
            throw new WorkerUnavailableException(failure != null ? "the model failed to load: " + failure
                    : "the decode worker is still loading its model");
        }
        return l;
    }

    /** Whether requests are taken: the model is loaded and the worker is not stopping. */
    public boolean ready() {
        return loaded != null && !stopping;
    }

    /** Whether the engine's step loop runs (true while loading too: the worker is not stuck). */
    public boolean live() {
        LoadedEngine l = loaded;
        return l != null ? l.engine().isRunning() : failure == null;
    }

    /** Why the model could not be loaded, if it could not. */
    public String failure() {
        return failure;
    }
}
