package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.cli.up.LocalSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * {@code tandem bench serve}: a load generator for the OpenAI API in the manner of SGLang's
 * {@code bench_serving} and vLLM's {@code benchmark_serving.py}. Streams requests with
 * {@code ignore_eos} so output lengths are exact, sends them on a seeded Poisson schedule and/or
 * under a concurrency cap, and reports throughput, TTFT, TPOT, ITL, end-to-end latency and goodput
 * as one JSON object (a short summary goes to stderr).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load-test an OpenAI-compatible server with streaming requests: throughput, TTFT, TPOT, ITL, "
                + "goodput (JSON).")
public final class ServeBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--base-url", paramLabel = "URL", description = "The server (default: http://127.0.0.1:8000).")
    String baseUrl;

    @Option(names = "--up", description = "Start `tandem up` on free loopback ports for the run and stop it afterwards.")
    boolean up;

    @Option(names = "--up-option", paramLabel = "OPT", preprocessor = RawOptionValue.class,
            description = "An option for the started suite, e.g. --up-option=--decode-workers=2 (repeatable).")
    List<String> upOptions = new ArrayList<>();

    @Option(names = "--model", paramLabel = "NAME", description = "The `model` of each request (default: the first of GET /v1/models).")
    String model;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Sent as `Authorization: Bearer KEY`.")
    String apiKey;

    @Option(names = "--endpoint", defaultValue = "completions",
            description = "completions (/v1/completions) or chat (/v1/chat/completions) (default: ${DEFAULT-VALUE}).")
    OpenAiStreamClient.Endpoint endpoint;

    @Option(names = "--dataset", defaultValue = "random", paramLabel = "random|FILE.jsonl",
            description = "random, or a JSON-lines file of {\"prompt\": text or [ids], \"output_len\": N} (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--input-len", defaultValue = "512", description = "random: prompt tokens (words for chat) (default: ${DEFAULT-VALUE}).")
    int inputLen;

    @Option(names = "--output-len", defaultValue = "128", description = "random: tokens to generate (default: ${DEFAULT-VALUE}).")
    int outputLen;

    @Option(names = "--range-ratio", defaultValue = "1.0",
            description = "random: lengths uniform in [len * R, len]; 1 makes them exact (default: ${DEFAULT-VALUE}).")
    double rangeRatio;

    @Option(names = "--vocab-size", defaultValue = "256",
            description = "random: prompt token ids are uniform in [0, V) (default: ${DEFAULT-VALUE}, valid for every model served).")
    int vocabSize;

    @Option(names = "--num-prompts", defaultValue = "64", description = "Timed requests (default: ${DEFAULT-VALUE}).")
    int numPrompts;

    @Option(names = "--request-rate", defaultValue = "inf", paramLabel = "R",
            description = "Requests per second, Poisson arrivals; inf sends all at once (default: ${DEFAULT-VALUE}).")
    String requestRateText;

    @Option(names = "--max-concurrency", paramLabel = "C", description = "At most C requests in flight (default: no limit).")
    Integer maxConcurrency;

    @Option(names = "--warmup", defaultValue = "1", paramLabel = "K", description = "Untimed requests first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--seed", defaultValue = "0", description = "Seeds the prompts and the arrival times (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--goodput", arity = "1..*", paramLabel = "SLO",
            description = "Service-level objectives in ms, e.g. --goodput ttft:500 tpot:100: a request counts when it meets all.")
    List<String> goodput;

    @Option(names = "--json", description = "Print JSON (the only format).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (numPrompts < 1 || warmup < 0 || (maxConcurrency != null && maxConcurrency < 1)) {
            throw new IllegalArgumentException("--num-prompts and --max-concurrency must be >= 1 and --warmup >= 0");
        }
        if (up && baseUrl != null) {
            throw new IllegalArgumentException("--up starts its own server; leave out --base-url");
        }
        GoodputSlo slo = GoodputSlo.parse(goodput);
        double requestRate = requestRate();
        double[] offsets = ArrivalSchedule.offsetsSeconds(numPrompts, requestRate, seed);
        List<ServePrompt> prompts = prompts(numPrompts + warmup);
        PrintWriter err = spec.commandLine().getErr();
        LocalSuite suite = up ? LocalSuite.start(upOptions, err) : null;
        try (OpenAiStreamClient client = new OpenAiStreamClient(suite != null ? suite.baseUrl() : url(), apiKey)) {
            if (model != null) {
                client.checkReachable(); // fails fast, in one line, rather than once per request
            }
            String served = model != null ? model : client.firstModel();
            Semaphore slots = new Semaphore(maxConcurrency != null ? maxConcurrency : Integer.MAX_VALUE);
            if (warmup > 0) {
                List<RequestOutcome> warm = run(client, served, prompts.subList(numPrompts, prompts.size()), new double[warmup], slots);
                long failed = warm.stream().filter(o -> !o.completed()).count();
                err.printf("warmup: %d request(s), %d failed%s%n", warmup, failed,
                        failed > 0 ? " (" + warm.stream().filter(o -> !o.completed()).findFirst().orElseThrow().error() + ")" : "");
            }
            long start = System.nanoTime();
            List<RequestOutcome> outcomes = run(client, served, prompts.subList(0, numPrompts), offsets, slots);
            ServeReport report = ServeReport.of(outcomes, (System.nanoTime() - start) / 1e9, slo);
            ObjectNode out = new ObjectMapper().createObjectNode()
                    .put("backend", "tandem")
                    .put("base_url", suite != null ? suite.baseUrl() : url())
                    .put("model", served)
                    .put("endpoint", endpoint.path)
                    .put("num_prompts", numPrompts);
            if (Double.isInfinite(requestRate)) {
                out.put("request_rate", "inf");
            } else {
                out.put("request_rate", requestRate);
            }
            if (maxConcurrency != null) {
                out.put("max_concurrency", maxConcurrency);
            } else {
                out.putNull("max_concurrency");
            }
            report.writeTo(out);
            spec.commandLine().getOut().println(out);
            spec.commandLine().getOut().flush();
            summarize(err, report);
        } finally {
            if (suite != null) {
                suite.close();
            }
        }
        return 0;
    }

    private double requestRate() {
        if (requestRateText.equalsIgnoreCase("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            return Double.parseDouble(requestRateText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--request-rate must be a number or inf, got '" + requestRateText + "'");
        }
    }

    private String url() {
        return baseUrl != null ? baseUrl : "http://127.0.0.1:8000";
    }

    private List<ServePrompt> prompts(int n) throws java.io.IOException {
        if (dataset.equals("random")) {
            return ServeDataset.random(n, inputLen, outputLen, rangeRatio, vocabSize,
                    endpoint == OpenAiStreamClient.Endpoint.chat, seed);
        }
        List<ServePrompt> prompts = ServeDataset.file(Path.of(dataset), n);
        if (endpoint == OpenAiStreamClient.Endpoint.chat && prompts.stream().anyMatch(p -> p.text() == null)) {
            throw new IllegalArgumentException("--endpoint chat needs text prompts; " + dataset + " has token ids");
        }
        return prompts;
    }

    /**
     * Sends {@code prompts[i]} at {@code offsets[i]} seconds from now, each on its own virtual thread,
     * which waits for a slot before it sends (so arrivals keep their schedule under a concurrency cap).
     */
    private List<RequestOutcome> run(OpenAiStreamClient client, String served, List<ServePrompt> prompts, double[] offsets,
                                     Semaphore slots) throws InterruptedException {
        RequestOutcome[] outcomes = new RequestOutcome[prompts.size()];
        List<Thread> threads = new ArrayList<>(prompts.size());
        long start = System.nanoTime();
        for (int i = 0; i < outcomes.length; i++) {
            long wait = start + (long) (offsets[i] * 1e9) - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int index = i;
            threads.add(Thread.ofVirtual().name("bench-serve-" + i).start(() -> {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    outcomes[index] = RequestOutcome.failed("interrupted");
                    return;
                }
                try {
                    outcomes[index] = client.send(endpoint, served, prompts.get(index));
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return List.of(outcomes);
    }

    private static void summarize(PrintWriter err, ServeReport r) {
        err.printf("bench serve: %d completed, %d failed in %.2f s; %.2f req/s, %.1f output tok/s%n",
                r.completed(), r.failed(), r.durationS(), r.perSecond(r.completed()), r.perSecond(r.totalOutputTokens()));
        if (r.ttft() != null) {
            err.printf("  TTFT ms mean %.1f p99 %.1f; E2E ms mean %.1f p99 %.1f%n", r.ttft().mean(), r.ttft().p99(),
                    r.e2e().mean(), r.e2e().p99());
        }
        if (r.tpot() != null && r.itl() != null) {
            err.printf("  TPOT ms mean %.2f p99 %.2f; ITL ms mean %.2f p99 %.2f%n", r.tpot().mean(), r.tpot().p99(),
                    r.itl().mean(), r.itl().p99());
        }
        if (!r.errors().isEmpty()) {
            err.println("  first error: " + r.errors().getFirst());
        }
        err.flush();
    }
}
