package dev.tandem.engine.serving;

import dev.tandem.engine.cache.BlockTable;
import dev.tandem.engine.cache.CachedSequence;
import dev.tandem.engine.sampling.Sampler;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** A request inside the engine: its tokens, its KV blocks and its progress. */
final class Sequence implements CachedSequence {

    enum Status { WAITING, RUNNING, FINISHED }

    final EngineRequest request;
    final TokenSink sink;
    final Sampler sampler;
    final long arrival;
    final Set<Integer> stopTokens;
    final PrefillOptions options;
    private final BlockTable blockTable = new BlockTable();
    private int[] tokens;
    private int length;
    private int computedTokens;
    private int cachedTokens = -1;
    Status status = Status.WAITING;

    Sequence(EngineRequest request, TokenSink sink, long arrival, Set<Integer> eosTokens) {
        this(request, sink, PrefillOptions.NONE, arrival, eosTokens);
    }

    Sequence(EngineRequest request, TokenSink sink, PrefillOptions options, long arrival, Set<Integer> eosTokens) {
        this.options = options;
        var stops = new HashSet<>(request.stopTokenIds());
        stops.addAll(eosTokens);
        this.stopTokens = Set.copyOf(stops);
        this.request = request;
        this.sink = sink;
        this.sampler = new Sampler(request.sampling(), request.promptIds());
        if (request.role() == EngineRequest.Role.DECODE_ONLY) {
            // The handed-over first token took the seed's first draw on the prefill worker.
            sampler.skipDraw();
        }
        this.arrival = arrival;
        this.tokens = Arrays.copyOf(request.promptIds(), request.promptIds().length + Math.min(request.maxTokens(), 4096));
        this.length = request.promptIds().length;
    }

    @Override
    public int[] tokens() {
        return tokens;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public BlockTable blockTable() {
        return blockTable;
    }

    @Override
    public int computedTokens() {
        return computedTokens;
    }

    @Override
    public void setComputedTokens(int tokens) {
        this.computedTokens = tokens;
    }

    int promptLength() {
        return request.promptIds().length;
    }

    int generated() {
        return length - promptLength();
    }

    /** Tokens still to run through the model before the next one can be sampled. */
    int pending() {
        return length - computedTokens;
    }

    /** Prompt tokens the prefix cache supplied at the first allocation (0 before it). */
    int cachedTokens() {
        return Math.max(0, cachedTokens);
    }

    /** Called right after each allocation: the first one's cache hits are the ones reported. */
    void allocated() {
        if (cachedTokens < 0) {
            cachedTokens = Math.min(computedTokens, promptLength());
        }
    }

    void append(int token) {
        sampler.accept(token);
        if (length == tokens.length) {
            tokens = Arrays.copyOf(tokens, tokens.length * 2);
        }
        tokens[length++] = token;
    }
}
