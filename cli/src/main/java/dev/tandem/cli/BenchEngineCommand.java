package dev.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.generate.FinishReason;
import dev.tandem.engine.model.Model;
import dev.tandem.engine.model.WeightQuantization;
import dev.tandem.engine.sampling.SamplingParams;
import dev.tandem.engine.serving.EngineConfig;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.ServingEngine;
import dev.tandem.engine.serving.TokenSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;

/**
 * {@code tandem bench engine}: prefill and decode throughput of the serving engine at several
 * batch sizes, after a warm-up. Decode tokens per second are aggregate over the batch.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Prefill and decode throughput of the serving engine per batch size (JSON).")
final class BenchEngineCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory or .gguf file.")
    Path model;

    @Option(names = "--batch", split = ",", defaultValue = "1", description = "Batch sizes (default ${DEFAULT-VALUE}).")
    int[] batches;

    @Option(names = "--prompt", defaultValue = "512", description = "Prompt tokens per request (default ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--gen", defaultValue = "128", description = "Generated tokens per request (default ${DEFAULT-VALUE}).")
    int genTokens;

    @Option(names = "--kv-dtype", defaultValue = "bf16", description = "KV cache dtype: bf16 or f32 (default ${DEFAULT-VALUE}).")
    String kvDtype;

    @Option(names = "--quantize", defaultValue = "none", description = "Quantize weights at load time: none or q8_0 (default ${DEFAULT-VALUE}).")
    String quantize;

    @Option(names = "--threads", description = "Compute threads (default: all available processors).")
    Integer threads;

    @Option(names = "--json", description = "Print JSON (the only format).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        DType kv = switch (kvDtype) {
            case "bf16" -> DType.BF16;
            case "f32" -> DType.F32;
            default -> throw new IllegalArgumentException("--kv-dtype must be bf16 or f32, got " + kvDtype);
        };
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        try (Model loaded = Model.open(model, threads != null ? threads : Runtime.getRuntime().availableProcessors(), WeightQuantization.parse(quantize))) {
            int maxBatch = java.util.Arrays.stream(batches).max().orElse(1);
            int blocksPerRequest = (promptTokens + genTokens + 15) / 16 + 1;
            EngineConfig config = new EngineConfig(maxBatch * blocksPerRequest, 16, kv, Math.max(maxBatch, 1), 512);
            try (ServingEngine engine = new ServingEngine(loaded, config)) {
                run(engine, 1, Math.min(32, promptTokens), Math.min(8, genTokens), 0);
                ArrayNode results = root.putArray("batches");
                for (int batch : batches) {
                    Result r = run(engine, batch, promptTokens, genTokens, batch);
                    ObjectNode entry = results.addObject();
                    entry.put("batch", batch);
                    entry.put("prefill_tok_s", round((double) batch * promptTokens / r.prefillSeconds()));
                    entry.put("decode_tok_s", round((double) batch * (genTokens - 1) / r.decodeSeconds()));
                }
            }
            root.put("model", model.toString());
            root.put("quantize", quantize);
            root.put("kv_dtype", kvDtype);
            root.put("prompt_tokens", promptTokens);
            root.put("gen_tokens", genTokens);
            root.put("threads", threads != null ? threads : Runtime.getRuntime().availableProcessors());
            root.put("weight_bytes_per_step", loaded.transformer().weights().bytesPerStep());
        }
        root.put("peak_rss_bytes", peakRss());
        spec.commandLine().getOut().println(mapper.writeValueAsString(root));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private record Result(double prefillSeconds, double decodeSeconds) {
    }

    /** Submits {@code batch} requests at once; prefill ends when all have their first token. */
    private Result run(ServingEngine engine, int batch, int prompt, int gen, long seed) throws InterruptedException {
        CountDownLatch first = new CountDownLatch(batch);
        CountDownLatch done = new CountDownLatch(batch);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        SplittableRandom random = new SplittableRandom(seed);
        int vocab = engine.config().vocabSize();
        long start = System.nanoTime();
        for (int i = 0; i < batch; i++) {
            int[] ids = random.ints(prompt, 0, Math.min(vocab, 150_000)).toArray();
            engine.submit(new EngineRequest("bench-" + seed + "-" + i, ids, gen, SamplingParams.greedy(), true, Set.of()), new TokenSink() {
                private boolean firstSeen;

                @Override
                public void onToken(int tokenId) {
                    if (!firstSeen) {
                        firstSeen = true;
                        first.countDown();
                    }
                }

                @Override
                public void onFinish(FinishReason reason, int promptTokens, int completionTokens) {
                    done.countDown();
                }

                @Override
                public void onError(Throwable error) {
                    failure.set(error);
                    first.countDown();
                    done.countDown();
                }
            });
        }
        first.await();
        long prefilled = System.nanoTime();
        if (!done.await(1, TimeUnit.HOURS) || failure.get() != null) {
            throw new IllegalStateException("benchmark request failed: " + failure.get());
        }
        long finished = System.nanoTime();
        return new Result((prefilled - start) / 1e9, (finished - prefilled) / 1e9);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Peak resident set size of this process (VmHWM), or -1 where /proc is unavailable. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }
}
