package dev.tandem.engine.generate;

import dev.tandem.engine.model.KvCache;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.model.Transformer;
import dev.tandem.engine.sampling.Sampler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/** Runs one request through the transformer: chunked prefill, then token-by-token decode. */
public final class Generator {

    private final Transformer transformer;

    public Generator(Transformer transformer) {
        this.transformer = transformer;
    }

    public GenerationResult generate(GenerationRequest request) {
        return generate(request, id -> { });
    }

    /** Generates, handing each new token id to {@code onToken} as soon as it is sampled. */
    public GenerationResult generate(GenerationRequest request, IntConsumer onToken) {
        ModelConfig config = transformer.config();
        int[] prompt = request.promptIds();
        int context = config.maxPositionEmbeddings();
        if (prompt.length + request.maxTokens() > context) {
            throw new IllegalArgumentException("the prompt (%d tokens) plus max_tokens (%d) exceeds the model's context length of %d tokens"
                    .formatted(prompt.length, request.maxTokens(), context));
        }
        Set<Integer> stops = new HashSet<>(request.stopTokenIds());
        stops.addAll(config.eosTokenIds());
        Sampler sampler = new Sampler(request.sampling(), prompt);
        KvCache cache = new KvCache(config, prompt.length + request.maxTokens());
        int vocab = config.vocabSize();

        long started = System.nanoTime();
        float[] logits = null;
        for (int from = 0; from < prompt.length; from += request.prefillChunk()) {
            int to = Math.min(prompt.length, from + request.prefillChunk());
            logits = transformer.forward(java.util.Arrays.copyOfRange(prompt, from, to), cache, false);
        }
        long prefillNanos = System.nanoTime() - started;
        List<GenerationResult.TokenLogit> top = topLogits(logits, vocab, request.logitsTop());

        int[] ids = new int[request.maxTokens()];
        int count = 0;
        FinishReason reason = FinishReason.LENGTH;
        long decodeStarted = System.nanoTime();
        while (true) {
            int next = sampler.sample(logits, 0, vocab);
            ids[count++] = next;
            sampler.accept(next);
            onToken.accept(next);
            if (!request.ignoreEos() && stops.contains(next)) {
                reason = FinishReason.STOP;
                break;
            }
            if (count == request.maxTokens()) {
                break;
            }
            logits = transformer.forward(new int[] {next}, cache, false);
        }
        long decodeNanos = System.nanoTime() - decodeStarted;
        return new GenerationResult(java.util.Arrays.copyOf(ids, count), top, reason, prompt.length, prefillNanos, decodeNanos);
    }

    /** The {@code k} largest logits, largest first, ties to the lower id. */
    static List<GenerationResult.TokenLogit> topLogits(float[] logits, int vocab, int k) {
        List<GenerationResult.TokenLogit> top = new ArrayList<>(k);
        boolean[] taken = new boolean[vocab];
        for (int n = 0; n < Math.min(k, vocab); n++) {
            int best = -1;
            for (int i = 0; i < vocab; i++) {
                if (!taken[i] && (best < 0 || logits[i] > logits[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            top.add(new GenerationResult.TokenLogit(best, logits[best]));
        }
        return top;
    }
}
