package dev.tandem.prefill.engine;

import dev.tandem.engine.cache.KvLayout;
import dev.tandem.engine.cache.ModelFingerprint;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.serving.EngineConfig;
import dev.tandem.engine.serving.ServingEngine;
import dev.tandem.prefill.config.PrefillConfig;
import dev.tandem.protocol.kv.Hash128;
import dev.tandem.protocol.kv.KvDType;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The worker's model and its one serving engine, loaded at startup: every task runs on it in the
 * prefill-only role, batched and chunked with the others. Also the worker's identity towards the
 * kv-store: its fingerprint and KV layout.
 */
@ApplicationScoped
public class PrefillEngine {

    private static final Logger LOG = Logger.getLogger(PrefillEngine.class);

    private final PrefillConfig config;
    private volatile Model model;
    private volatile ServingEngine engine;
    private volatile KvLayout layout;
    private volatile Hash128 fingerprint;
    private volatile String failure;
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();

    PrefillEngine(PrefillConfig config) {
        this.config = config;
    }

    /** Loads the model off the startup thread, so that health answers (not ready) while it loads. */
    void start(@Observes StartupEvent event) {
        Thread.ofPlatform().name("prefill-model-loader").daemon().start(this::load);
    }

    /** Completes when the model is loaded; never, when it could not be (the process then exits). */
    public CompletionStage<Void> whenReady() {
        return loaded;
    }

    private void load() {
        try {
            int threads = config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
            long started = System.nanoTime();
            Model opened = Model.open(config.model(), threads);
            PrefillConfig.Engine e = config.engine();
            DType dtype = kvDtype(e.kvDtype());
            EngineConfig engineConfig = new EngineConfig(e.kvBlocks(), e.blockSize(), dtype, e.maxNumSeqs(), e.maxBatchedTokens());
            layout = KvLayout.of(opened.config(), dtype, e.blockSize());
            fingerprint = Hash128.of(ModelFingerprint.of(opened.checkpoint(), layout).toBytes());
            engine = new ServingEngine(opened, engineConfig);
            model = opened;
            loaded.complete(null);
            LOG.infof("prefill engine ready: %s on %d threads, %d KV blocks of %d tokens (%s), fingerprint %s, in %d ms",
                    config.model(), threads, e.kvBlocks(), e.blockSize(), dtype, fingerprint.toHex(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.errorf(e, "cannot load the model %s: exiting", config.model());
            Quarkus.asyncExit(1);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (engine != null) {
            engine.close();
        }
        if (model != null) {
            model.close();
        }
    }

    public boolean ready() {
        return engine != null;
    }

    /** Why the model did not load, when it did not. */
    public String failure() {
        return failure;
    }

    public ServingEngine engine() {
        ServingEngine e = engine;
        if (e == null) {
            throw new IllegalStateException("the model is not loaded" + (failure != null ? ": " + failure : ""));
        }
        return e;
    }

    public Hash128 fingerprint() {
        return fingerprint;
    }

    public KvLayout layout() {
        return layout;
    }

    /** The engine's KV layout as the kv-store names it. */
    public dev.tandem.protocol.kv.KvLayout wireLayout() {
        KvDType dtype = layout.dtype() == DType.F32 ? KvDType.F32 : KvDType.BF16;
        return new dev.tandem.protocol.kv.KvLayout(dtype, layout.layers(), layout.kvHeads(), layout.headDim(), layout.blockSize());
    }

    public int vocabSize() {
        return model.config().vocabSize();
    }

    static DType kvDtype(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "f32" -> DType.F32;
            case "bf16" -> DType.BF16;
            default -> throw new IllegalArgumentException("tandem.prefill.engine.kv-dtype must be f32 or bf16, got " + name);
        };
    }
}
