package dev.tandem.decode.prefill;

import dev.tandem.decode.config.DecodeConfig;
import dev.tandem.decode.config.PrefillMode;
import dev.tandem.decode.service.DecodeMetrics;
import dev.tandem.decode.service.LoadedEngine;
import dev.tandem.engine.cache.KvLayout;
import dev.tandem.engine.cache.ModelFingerprint;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.ServingEngine;
import dev.tandem.engine.serving.TokenSink;
import dev.tandem.protocol.kv.Hash128;
import dev.tandem.protocol.kv.KvDType;
import dev.tandem.protocol.prefill.DecodeTarget;
import dev.tandem.protocol.prefill.FirstTokenSampling;
import dev.tandem.protocol.prefill.PrefillTask;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where each prompt is prefilled (steps 2 and 5 of the request path): here, in the engine's BOTH
 * role, or on a prefill worker — a {@link PrefillTask} on the broker, the prompt's blocks and the
 * request's entry awaited in the kv-store ({@link RemoteWait}), then the engine continues in the
 * DECODE_ONLY role from the handoff. Any failure of the remote path prefills here instead.
 */
@ApplicationScoped
public class RemotePrefill {

    private static final Logger LOG = Logger.getLogger(RemotePrefill.class);

    /** What the kv-store and the tasks need to know of the engine: its fingerprint and KV layout. */
    record Identity(ServingEngine engine, Hash128 fingerprint, KvLayout layout, dev.tandem.protocol.kv.KvLayout wireLayout) {
    }

    private final DecodeConfig config;
    private final PrefillRouting routing;
    private final PrefillLoads loads;
    private final PrefillMessaging messaging;
    private final KvStoreConnection kv;
    private final DecodeMetrics metrics;
    private final String workerId;
    private final ConcurrentMap<String, RemoteWait> waiting = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedFingerprint = new AtomicBoolean();
    private volatile Identity identity;

    RemotePrefill(DecodeConfig config, PrefillLoads loads, PrefillMessaging messaging, KvStoreConnection kv, DecodeMetrics metrics) {
        this.config = config;
        this.routing = new PrefillRouting(config.prefill().mode(), config.prefill().maxLocalLength(), config.prefill().maxQueueSize());
        this.loads = loads;
        this.messaging = messaging;
        this.kv = kv;
        this.metrics = metrics;
        this.workerId = config.workerId().orElseGet(RemotePrefill::defaultWorkerId);
    }

    /**
     * Runs {@code request} (already checked by the engine) with its prompt prefilled here or
     * remotely; its tokens go to {@code sink} either way, and it ends with the sink's finish or
     * error, as a plain engine request does.
     */
    public void submit(LoadedEngine loaded, EngineRequest request, TokenSink sink) {
        if (config.prefill().mode() == PrefillMode.LOCAL || !remotable(request.sampling())) {
            local(loaded, request, sink);
            return;
        }
        Identity id = identity(loaded);
        long now = System.nanoTime();
        if (loads.onlyOtherFingerprints(id.fingerprint(), now)) {
            if (!warnedFingerprint.getAndSet(true)) {
                LOG.warnf("every prefill worker serves another model or KV layout than this one (fingerprint %s: model, "
                        + "kv dtype %s, block size %d): prefilling locally", id.fingerprint().toHex(), id.layout().dtype(), id.layout().blockSize());
            }
            fellBack(Fallback.FINGERPRINT);
            local(loaded, request, sink);
            return;
        }
        int cached = loaded.engine().cachedPrefixEstimate(request.promptIds());
        if (routing.route(request.promptIds().length, cached, loads.queued(id.fingerprint(), now)) == PrefillRouting.Route.LOCAL) {
            local(loaded, request, sink);
            return;
        }
        EngineRequest seeded = withSeed(request);
        PrefillTask task = PrefillTask.of(workerId + "/" + request.id(), seeded.promptIds(), firstTokenSampling(seeded.sampling()),
                id.fingerprint(), id.layout().blockSize(), new DecodeTarget(workerId, ""),
                System.currentTimeMillis() + config.prefill().timeout().toMillis());
        RemoteWait wait = new RemoteWait(this, loaded, id, seeded, task, sink);
        waiting.put(request.id(), wait);
        wait.start();
    }

    /**
     * Cancels a request that waits for its remote prefill: publishes a {@code PrefillCancel}, stops
     * the wait, and ends the sink with a cancellation. False when it is not waiting (it is in the
     * engine, or unknown): then the caller aborts it in the engine.
     */
    public boolean cancel(String engineId) {
        RemoteWait wait = waiting.get(engineId);
        return wait != null && wait.cancel();
    }

    /** Requests waiting for a remote prefill now. */
    public int waiting() {
        return waiting.size();
    }

    String workerId() {
        return workerId;
    }

    Duration timeout() {
        return config.prefill().timeout();
    }

    PrefillMessaging messaging() {
        return messaging;
    }

    KvStoreConnection kv() {
        return kv;
    }

    DecodeMetrics metrics() {
        return metrics;
    }

    void ended(String engineId) {
        waiting.remove(engineId);
    }

    void local(LoadedEngine loaded, EngineRequest request, TokenSink sink) {
        metrics.prefill(false);
        loaded.engine().submit(request, sink);
    }

    void fellBack(Fallback reason) {
        metrics.prefillFallback(reason.tag());
    }

    /** Whether a prefill worker gives the first token local prefill would: not with logprobs, repetition penalty or logit bias yet. */
    static boolean remotable(SamplingParams sampling) {
        return !sampling.wantsLogprobs() && sampling.repetitionPenalty() == 1 && sampling.logitBias().isEmpty();
    }

    /** A sampled request without a seed gets one here, so that the prefill worker's first draw and ours share a stream. */
    static EngineRequest withSeed(EngineRequest request) {
        SamplingParams s = request.sampling();
        if (s.isGreedy() || s.seed().isPresent()) {
            return request;
        }
        SamplingParams seeded = new SamplingParams(s.temperature(), s.topK(), s.topP(), s.minP(), OptionalLong.of(new SplittableRandom().nextLong()),
                s.presencePenalty(), s.frequencyPenalty(), s.repetitionPenalty(), s.logitBias(), s.topLogprobs());
        return new EngineRequest(request.id(), request.promptIds(), request.maxTokens(), seeded, request.ignoreEos(), request.stopTokenIds());
    }

    static FirstTokenSampling firstTokenSampling(SamplingParams s) {
        return new FirstTokenSampling(s.temperature(), s.topK(), s.topP(), s.minP(), s.seed().isPresent() ? s.seed().getAsLong() : null,
                s.repetitionPenalty(), s.presencePenalty(), s.frequencyPenalty(), Map.of(), 0);
    }

    private Identity identity(LoadedEngine loaded) {
        Identity current = identity;
        if (current == null || current.engine() != loaded.engine()) {
            KvLayout layout = loaded.engine().kvLayout();
            Hash128 fingerprint = Hash128.of(ModelFingerprint.of(loaded.model().checkpoint(), layout).toBytes());
            KvDType dtype = layout.dtype() == DType.F32 ? KvDType.F32 : KvDType.BF16;
            current = new Identity(loaded.engine(), fingerprint, layout,
                    new dev.tandem.protocol.kv.KvLayout(dtype, layout.layers(), layout.kvHeads(), layout.headDim(), layout.blockSize()));
            identity = current;
        }
        return current;
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "decode";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Why a remote prefill was given up for a local one (the metric's {@code reason}). */
    enum Fallback {
        TIMEOUT, BROKER, KV_STORE, CORRUPT, FINGERPRINT;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
