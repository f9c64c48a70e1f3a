package dev.tandem.engine.serving;

import dev.tandem.engine.cache.BlockManager;
import dev.tandem.engine.cache.KvBlockPool;
import dev.tandem.engine.cache.KvLayout;
import dev.tandem.engine.cache.KvSnapshot;
import dev.tandem.engine.cache.ModelFingerprint;
import dev.tandem.engine.cache.PrefixHasher;
import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.model.LayerListener;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.SequenceChunk;
import dev.tandem.engine.model.Transformer;
import dev.tandem.engine.sampling.TokenLogprobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine both workers run: many requests at once over a shared paged KV cache with prefix
 * caching, continuous batching and chunked prefill. One step-loop thread owns all engine state;
 * requests arrive and leave through a thread-safe inbox, tokens through each request's
 * {@link TokenSink}.
 */
public final class ServingEngine implements AutoCloseable {

    private sealed interface Command permits Submit, Abort {
    }

    private record Submit(Sequence sequence) implements Command {
    }

    private record Abort(String requestId) implements Command {
    }

    private final Transformer transformer;
    private final ModelConfig config;
    private final KvBlockPool pool;
    private final BlockManager blocks;
    private final Scheduler scheduler;
    private final LinkedBlockingQueue<Command> inbox = new LinkedBlockingQueue<>();
    private final Map<String, Sequence> live = new HashMap<>();
    private final Thread loop;
    private volatile boolean closed;
    private volatile EngineStats stats;

    public ServingEngine(Model model, EngineConfig engineConfig) {
        this.transformer = model.transformer();
        this.config = model.config();
        KvLayout layout = KvLayout.of(config, engineConfig.kvDtype(), engineConfig.blockSize());
        this.pool = new KvBlockPool(layout, engineConfig.kvBlocks());
        this.blocks = new BlockManager(engineConfig.kvBlocks(), new PrefixHasher(ModelFingerprint.of(model.checkpoint(), layout), engineConfig.blockSize()));
        this.scheduler = new Scheduler(blocks, engineConfig.maxNumSeqs(), engineConfig.maxBatchedTokens(), this::loadKnownKv);
        this.stats = new EngineStats(0, 0, blocks.freeBlocks(), blocks.numBlocks(), 0, 0);
        this.loop = Thread.ofPlatform().name("tandem-engine-step-loop").daemon().start(this::run);
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Queues a request; its tokens go to {@code sink}. Requests the engine can never serve are
     * refused here with an {@link IllegalArgumentException} naming the limit.
     */
    public void submit(EngineRequest request, TokenSink sink) {
        submit(request, sink, PrefillOptions.NONE);
    }

    /**
     * Queues a request that computes a prompt, with a prefix to load instead of computing and/or a
     * sink for its KV layer by layer (see {@link PrefillOptions}).
     */
    public void submit(EngineRequest request, TokenSink sink, PrefillOptions options) {
        check(request);
        checkOptions(request, options);
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
        inbox.add(new Submit(new Sequence(request, sink, options, System.nanoTime(), Set.copyOf(config.eosTokenIds()))));
    }

    /**
     * Throws the {@link IllegalArgumentException} that {@link #submit} would for a request this
     * engine can never serve, without submitting it.
     */
    public void check(EngineRequest request) {
        int total = request.promptIds().length + request.maxTokens();
        if (total > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("the prompt (%d tokens) plus max_tokens (%d) exceeds the model's context length of %d tokens"
                    .formatted(request.promptIds().length, request.maxTokens(), config.maxPositionEmbeddings()));
        }
        int needed = pool.layout().blocksFor(total);
        if (needed > blocks.numBlocks()) {
            // A sequence that outgrows the whole cache could never be scheduled again once preempted.
            throw new IllegalArgumentException("the prompt (%d tokens) plus max_tokens (%d) needs %d KV blocks but the cache has only %d"
                    .formatted(request.promptIds().length, request.maxTokens(), needed, blocks.numBlocks()));
        }
        for (int id : request.promptIds()) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token id %d is outside the vocabulary [0, %d)".formatted(id, config.vocabSize()));
            }
        }
        for (int id : request.sampling().logitBias().keySet()) {
            if (id >= config.vocabSize()) {
                throw new IllegalArgumentException("logit_bias token id %d is outside the vocabulary [0, %d)".formatted(id, config.vocabSize()));
            }
        }
        if (request.handoff() != null && !request.handoff().kv().layout().equals(pool.layout())) {
            throw new IllegalArgumentException("KV layout mismatch: the handoff has %s, this engine %s"
                    .formatted(request.handoff().kv().layout(), pool.layout()));
        }
    }

    /**
     * Prompt tokens the prefix cache would supply to {@code promptIds} if it were submitted now:
     * an estimate (read from another thread than the step loop), for routing decisions.
     */
    public int cachedPrefixEstimate(int[] promptIds) {
        return blocks.cachedPrefixEstimate(promptIds);
    }

    /** The KV layout of this engine's paged cache (what a handoff's snapshot must have). */
    public KvLayout kvLayout() {
        return pool.layout();
    }

    private void checkOptions(EngineRequest request, PrefillOptions options) {
        if (options == PrefillOptions.NONE) {
            return;
        }
        if (request.role() == EngineRequest.Role.DECODE_ONLY) {
            throw new IllegalArgumentException("a decode-only request computes no prompt: prefill options do not apply");
        }
        KvSnapshot prefix = options.cachedPrefix();
        if (prefix != null && !prefix.layout().equals(pool.layout())) {
            throw new IllegalArgumentException("KV layout mismatch: the cached prefix has %s, this engine %s"
                    .formatted(prefix.layout(), pool.layout()));
        }
        if (prefix != null && prefix.tokens() > request.promptIds().length) {
            throw new IllegalArgumentException("the cached prefix holds %d positions of a prompt of %d tokens"
                    .formatted(prefix.tokens(), request.promptIds().length));
        }
    }

    /** Stops a request wherever it is and frees its KV blocks; its sink gets a {@link CancellationException}. */
    public void abort(String requestId) {
        inbox.add(new Abort(requestId));
    }

    public EngineStats stats() {
        return stats;
    }

    /** Whether the step loop is running: false once closed, or if the loop thread died. */
    public boolean isRunning() {
        return !closed && loop.isAlive();
    }

    private void run() {
        while (!closed) {
            try {
                drainInbox(!scheduler.hasWork());
                if (scheduler.hasWork()) {
                    step();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failAll(e);
            }
            stats = new EngineStats(scheduler.runningCount(), scheduler.waitingCount(), blocks.freeBlocks(), blocks.numBlocks(), scheduler.preemptions(), blocks.hitTokens());
        }
    }

    private void drainInbox(boolean idle) throws InterruptedException {
        Command first = idle ? inbox.poll(100, TimeUnit.MILLISECONDS) : inbox.poll();
        for (Command command = first; command != null; command = inbox.poll()) {
            switch (command) {
                case Submit submit -> admit(submit.sequence());
                case Abort abort -> {
                    Sequence sequence = live.remove(abort.requestId());
                    if (sequence != null) {
                        scheduler.remove(sequence);
                        sequence.sink.onError(new CancellationException("request " + abort.requestId() + " was aborted"));
                    }
                }
            }
        }
    }

    private void admit(Sequence sequence) {
        live.put(sequence.request.id(), sequence);
        PrefillHandoff handoff = sequence.request.handoff();
        if (handoff != null && !emit(sequence, handoff.firstToken(), null, false)) {
            return;
        }
        scheduler.add(sequence);
    }

    /**
     * A sequence that just got its blocks: a decode-only one takes the prompt's KV from the handoff,
     * a prefill with a cached prefix takes that prefix (blocks the local prefix cache already
     * supplied are left as they are; the last prompt token is always computed, for its logits).
     */
    private void loadKnownKv(Sequence sequence) {
        PrefillHandoff handoff = sequence.request.handoff();
        if (handoff != null) {
            pool.load(handoff.kv(), sequence.blockTable(), sequence.computedTokens() / pool.layout().blockSize());
            sequence.setComputedTokens(handoff.kv().tokens());
            blocks.commit(sequence);
            return;
        }
        KvSnapshot prefix = sequence.options.cachedPrefix();
        if (prefix != null) {
            int blockSize = pool.layout().blockSize();
            pool.load(prefix, sequence.blockTable(), (sequence.computedTokens() + blockSize - 1) / blockSize);
            sequence.setComputedTokens(Math.max(sequence.computedTokens(), Math.min(prefix.tokens(), sequence.length() - 1)));
            blocks.commit(sequence);
        }
    }

    private void step() {
        Scheduler.Step step = scheduler.schedule();
        if (step.isEmpty()) {
            return;
        }
        List<SequenceChunk> chunks = new ArrayList<>(step.sequences().size());
        for (int i = 0; i < step.sequences().size(); i++) {
            Sequence s = step.sequences().get(i);
            int from = s.computedTokens();
            int to = from + step.counts()[i];
            chunks.add(new SequenceChunk(Arrays.copyOfRange(s.tokens(), from, to), from, s.blockTable(), to == s.length()));
        }
        float[] logits = transformer.forward(pool, chunks, false, layerListener(step, chunks));
        int vocab = config.vocabSize();
        int row = 0;
        for (int i = 0; i < step.sequences().size(); i++) {
            Sequence s = step.sequences().get(i);
            s.setComputedTokens(s.computedTokens() + step.counts()[i]);
            blocks.commit(s);
            if (chunks.get(i).logits()) {
                int offset = row++ * vocab;
                int token = s.sampler.sample(logits, offset, vocab);
                emit(s, token, s.request.sampling().wantsLogprobs() ? s.sampler.logprobs(logits, offset, vocab, token) : null, true);
            }
        }
    }

    /** Tells the step's sequences that have a {@link LayerKvSink} each layer's KV; null (no overhead) when none has. */
    private static LayerListener layerListener(Scheduler.Step step, List<SequenceChunk> chunks) {
        List<Sequence> sequences = step.sequences();
        int[] listening = java.util.stream.IntStream.range(0, sequences.size())
                .filter(i -> sequences.get(i).options.layers() != null).toArray();
        if (listening.length == 0) {
            return null;
        }
        return (layer, kvPool, batch) -> {
            for (int i : listening) {
                SequenceChunk chunk = chunks.get(i);
                Sequence s = sequences.get(i);
                s.options.layers().onLayer(new LayerKv(layer, chunk.start(), chunk.end(), kvPool, s.blockTable()));
            }
        };
    }

    /** Hands a new token to its sink and ends the sequence when it is done; returns whether it goes on. */
    private boolean emit(Sequence s, int token, TokenLogprobs logprobs, boolean scheduled) {
        s.append(token);
        s.sink.onToken(token, logprobs);
        FinishReason reason = null;
        if (!s.request.ignoreEos() && s.stopTokens.contains(token)) {
            reason = FinishReason.STOP;
        } else if (s.generated() >= s.request.maxTokens() || s.length() >= config.maxPositionEmbeddings()) {
            reason = FinishReason.LENGTH;
        }
        if (s.request.role() == EngineRequest.Role.PREFILL_ONLY) {
            s.sink.onPrefilled(new PrefillHandoff(token, pool.export(s.blockTable(), s.promptLength())));
            reason = FinishReason.LENGTH;
        }
        if (reason == null) {
            return true;
        }
        live.remove(s.request.id());
        if (scheduled) {
            scheduler.remove(s);
        }
        s.sink.onFinish(reason, s.promptLength(), s.generated(), s.cachedTokens());
        return false;
    }

    private void failAll(RuntimeException error) {
        for (Sequence s : List.copyOf(live.values())) {
            scheduler.remove(s);
            s.sink.onError(error);
        }
        live.clear();
    }

    /** For tests: checks the block bookkeeping against the live sequences (call only while idle). */
    void checkInvariants() {
        blocks.checkInvariants(scheduler.live());
    }

    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        try {
            loop.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Sequence s : live.values()) {
            s.sink.onError(new CancellationException("the engine was closed"));
        }
        pool.close();
    }
}
