package dev.tandem.prefill.service;

import dev.tandem.engine.cache.KvSnapshot;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.PrefillHandoff;
import dev.tandem.engine.serving.PrefillOptions;
import dev.tandem.engine.serving.ServingEngine;
import dev.tandem.prefill.config.PrefillConfig;
import dev.tandem.prefill.engine.PrefillEngine;
import dev.tandem.prefill.kv.KvStoreConnection;
import dev.tandem.prefill.metrics.PrefillMetrics;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.PrefillResult;
import dev.tandem.protocol.kv.client.KvBlock;
import dev.tandem.protocol.prefill.FirstTokenSampling;
import dev.tandem.protocol.prefill.PrefillTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import org.jboss.logging.Logger;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one task end to end: reuse the prefix blocks the kv-store holds, prefill the rest on the
 * shared engine (batched and chunked with the other tasks) while each layer's KV streams to the
 * kv-store, put the blocks that came from the engine's own prefix cache, and last the request's
 * entry. Returns how it ended; throws when it failed and should be retried (redelivered).
 */
@ApplicationScoped
public class PrefillTaskRunner {

    private static final Logger LOG = Logger.getLogger(PrefillTaskRunner.class);

    private final PrefillConfig config;
    private final PrefillEngine engine;
    private final KvStoreConnection kv;
    private final TaskRegistry registry;
    private final PrefillMetrics metrics;
    private final Event<PrefillDone> done;

    PrefillTaskRunner(PrefillConfig config, PrefillEngine engine, KvStoreConnection kv, TaskRegistry registry, PrefillMetrics metrics,
                      Event<PrefillDone> done) {
        this.done = done;
        this.config = config;
        this.engine = engine;
        this.kv = kv;
        this.registry = registry;
        this.metrics = metrics;
    }

    public TaskOutcome run(PrefillTask task) throws InterruptedException {
        String id = task.requestId();
        String refusal = refusal(task);
        if (refusal != null) {
            LOG.warnf("refusing prefill task %s: %s", id, refusal);
            return TaskOutcome.REFUSED;
        }
        if (registry.isCancelled(id)) {
            return TaskOutcome.CANCELLED;
        }
        long remaining = task.deadlineEpochMillis() - System.currentTimeMillis();
        if (remaining <= 0) {
            LOG.debugf("prefill task %s expired %d ms ago", id, -remaining);
            return TaskOutcome.EXPIRED;
        }
        Duration timeout = Duration.ofMillis(Math.min(remaining, config.maxTaskTime().toMillis()));
        int[] prompt = task.promptIds();
        List<BlockKey> keys = task.blockKeys();
        int blockSize = task.blockSize();
        int fullBlocks = prompt.length / blockSize;

        KvSnapshot prefix = config.kvStore().reusePrefix()
                ? PrefixReuse.fetch(kv.client(), keys, fullBlocks, engine.wireLayout(), engine.layout()) : null;
        int fromStore = prefix == null ? 0 : prefix.blockCount();

        ServingEngine serving = engine.engine();
        LayerStreamer streamer = new LayerStreamer(id, keys, engine.wireLayout(), prompt.length, kv.client(), timeout);
        FirstTokenSink sink = new FirstTokenSink();
        if (!registry.start(id, serving::abort)) {
            streamer.abandon();
            return TaskOutcome.CANCELLED;
        }
        try {
            try {
                serving.submit(new EngineRequest(id, prompt, 1, sampling(task.sampling()), true, Set.of(),
                        EngineRequest.Role.PREFILL_ONLY, null), sink, new PrefillOptions(prefix, streamer));
            } catch (IllegalArgumentException e) {
                // The engine can never serve it (longer than the context, more blocks than the cache): no retry helps.
                LOG.warnf("refusing prefill task %s: %s", id, e.getMessage());
                return TaskOutcome.REFUSED;
            }
            if (registry.isCancelled(id)) {
                serving.abort(id);
            }
            PrefillHandoff handoff;
            try {
                handoff = sink.handoff().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                streamer.abandon();
                if (e.getCause() instanceof CancellationException && registry.isCancelled(id)) {
                    return TaskOutcome.CANCELLED;
                }
                throw fail(id, e.getCause());
            } catch (TimeoutException e) {
                serving.abort(id);
                streamer.abandon();
                if (System.currentTimeMillis() >= task.deadlineEpochMillis()) {
                    return TaskOutcome.EXPIRED;
                }
                throw new IllegalStateException("prefill of " + id + " took longer than " + timeout);
            }
            int streamedFrom = streamer.firstStreamedBlock();
            int stored = streamer.finish().stored();
            stored += putCachedBlocks(keys, handoff.kv(), fromStore, streamedFrom);
            metrics.blocksPut(stored);
            int reused = fromStore * blockSize;
            metrics.tokens(prompt.length - Math.max(reused, streamedFrom * blockSize), reused);
            kv.putEntry(new PrefillResult(id, handoff.firstToken(), Float.NaN, List.of(), keys));
            done.fire(new PrefillDone(task, handoff.firstToken(), handoff.kv(), fromStore));
            LOG.debugf("prefilled %s: %d tokens, %d blocks (%d from the kv-store), first token %d",
                    id, prompt.length, keys.size(), fromStore, handoff.firstToken());
            return TaskOutcome.DONE;
        } finally {
            registry.finish(id);
            // Ends the sender thread if the task ended before the stream was finished; no-op otherwise.
            streamer.abandon();
        }
    }

    /** Puts the full blocks the engine's local prefix cache supplied (neither fetched from the store nor streamed). */
    private int putCachedBlocks(List<BlockKey> keys, KvSnapshot snapshot, int fromStore, int streamedFrom) {
        List<KvBlock> blocks = new ArrayList<>();
        for (int b = fromStore; b < streamedFrom; b++) {
            blocks.add(new KvBlock(keys.get(b), engine.wireLayout(), MemorySegment.ofArray(snapshot.block(b))));
        }
        return blocks.isEmpty() ? 0 : kv.client().put(blocks).stored();
    }

    /** Why the task can never be served by a worker of this model, or null. */
    private String refusal(PrefillTask task) {
        if (!task.fingerprintHash().equals(engine.fingerprint())) {
            return "it is for fingerprint " + task.fingerprint() + ", this worker serves " + engine.fingerprint().toHex()
                    + " (another model, KV dtype or block size)";
        }
        if (task.blockSize() != engine.layout().blockSize()) {
            return "block size " + task.blockSize() + ", this worker uses " + engine.layout().blockSize();
        }
        if (!task.keysMatchPrompt()) {
            return "its block hashes are not those of its prompt";
        }
        if (task.sampling().hasPenaltiesOrBias()) {
            return "repetition penalty and logit bias are not applied by this engine's sampler yet";
        }
        for (int token : task.promptIds()) {
            if (token < 0 || token >= engine.vocabSize()) {
                return "token id " + token + " is outside the vocabulary [0, " + engine.vocabSize() + ")";
            }
        }
        return null;
    }

    private static RuntimeException fail(String id, Throwable cause) {
        return new IllegalStateException("prefill of " + id + " failed: " + cause.getMessage(), cause);
    }

    static SamplingParams sampling(FirstTokenSampling s) {
        return new SamplingParams(s.temperature(), s.topK(), s.topP(), s.minP(),
                s.seed() == null ? OptionalLong.empty() : OptionalLong.of(s.seed()));
    }
}
