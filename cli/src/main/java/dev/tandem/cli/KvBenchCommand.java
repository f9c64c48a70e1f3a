package dev.tandem.cli;

import dev.tandem.cli.up.ServiceProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code tandem bench kv}: moves blocks from a writer process to a reader process through a
 * kv-store on loopback and compares the rate with a baseline measured in the same run: a plain
 * loopback TCP copy between two processes for grpc, a memcpy for shm. GB/s are 10^9 bytes per
 * second. Blocks move {@code --batch} per call from {@code --streams} threads on each side; a
 * block's latency runs from the start of its call to when it is through (a put's return, or the
 * block landing verified in the reader's memory), over all puts and gets.
 */
@Command(name = "kv", mixinStandardHelpOptions = true,
        description = "Benchmark the kv-store: writer process -> store -> reader process, against a baseline.")
final class KvBenchCommand implements Callable<Integer> {

    enum Transport { grpc, shm }

    @Spec
    CommandSpec spec;

    @Option(names = "--block-bytes", defaultValue = "4194304", description = "Bytes per block (default ${DEFAULT-VALUE}).")
    long blockBytes;

    @Option(names = "--blocks", defaultValue = "256", description = "Blocks to move (default ${DEFAULT-VALUE}).")
    int blocks;

    @Option(names = "--transport", defaultValue = "grpc", description = "grpc or shm (default ${DEFAULT-VALUE}).")
    Transport transport;

    @Option(names = "--streams", description = "Concurrent transfers (threads and connections) on each side, and in the "
            + "baseline (default: min(4, processors)).")
    Integer streams;

    @Option(names = "--store", description = "host:port of a running store to use instead of starting one.")
    String store;

    @Option(names = "--store-jar", description = "The kv-store-service to start (default: kv-store-service/target/quarkus-app/quarkus-run.jar).")
    Path storeJar;

    @Option(names = "--warmup", description = "Untimed blocks moved first, on keys of their own, so that the store's and "
            + "the workers' hot code is compiled before the clock starts (default: at least " + KvBenchWarmup.MIN_PASSES
            + " passes over the blocks, for at least --warmup-seconds).")
    Integer warmupBlocks;

    @Option(names = "--warmup-seconds", description = "Untimed passes run at least this long in each worker and in the "
            + "baseline, unless --warmup is given (default ${DEFAULT-VALUE}).", defaultValue = "5")
    double warmupSeconds;

    KvBenchWarmup warmup;

    @Option(names = "--batch", defaultValue = "64", description = "Blocks per put or get call (default ${DEFAULT-VALUE}: "
            + "with 4 MiB blocks of 16 tokens, the KV cache of a 1,024-token Qwen3-32B request).")
    int batch;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (blocks < 1 || blockBytes < 64) {
            throw new IllegalArgumentException("--blocks must be at least 1 and --block-bytes at least 64");
        }
        KvBenchData.layout(blockBytes);
        if ((warmupBlocks != null && warmupBlocks < 0) || !(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("--warmup and --warmup-seconds must not be negative");
        }
        warmup = warmupBlocks != null ? new KvBenchWarmup(warmupBlocks, 0) : KvBenchWarmup.forSeconds(warmupSeconds);
        int s = streams != null ? streams : Math.min(4, Runtime.getRuntime().availableProcessors());
        long run = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        WorkerReport writer;
        WorkerReport reader;
        KvStoreProcess started = null;
        try {
            String address = store;
            if (address == null) {
                long slot = (blockBytes + 4095) / 4096 * 4096;
                long slab = Math.max(64L << 20, slot);
                // Room for the timed blocks and the last warm-up pass (which the reader warms up on)
                // even after eviction brings the pool down to its low watermark (0.8).
                long needed = slot * ((long) blocks + (warmupBlocks != null ? Math.min(warmupBlocks, blocks) : blocks));
                long capacity = ((long) (needed / 0.8) / slab + 2) * slab;
                started = KvStoreProcess.start(storeJar != null ? storeJar : defaultStoreJar(), capacity, slab);
                address = started.address();
            }
            writer = worker("writer", address, s, run, 0);
            reader = worker("reader", address, s, run, writer.warmupBlocks);
        } finally {
            if (started != null) {
                started.close();
            }
        }
        double baseline = baseline(s, run);
        double put = writer.bytes / writer.seconds;
        double get = reader.bytes / reader.seconds;
        double[] latencies = concat(writer.latenciesMs, reader.latenciesMs);
        ObjectNode out = new ObjectMapper().createObjectNode()
                .put("transport", transport.name())
                .put("put_gb_s", round(put / 1e9))
                .put("get_gb_s", round(get / 1e9))
                .put("p50_ms", round(percentile(latencies, 50)))
                .put("p99_ms", round(percentile(latencies, 99)))
                .put("baseline", transport == Transport.grpc ? "tcp" : "memcpy")
                .put("baseline_gb_s", round(baseline / 1e9))
                .put("ratio", round(Math.min(put, get) / baseline))
                .put("block_bytes", blockBytes)
                .put("blocks", blocks)
                .put("streams", s)
                .put("batch", batch)
                .put("warmup", writer.warmupBlocks);
        if (json) {
            spec.commandLine().getOut().println(out);
        } else {
            spec.commandLine().getOut().printf("kv %s: put %.2f GB/s, get %.2f GB/s, p50 %.2f ms, p99 %.2f ms; "
                            + "%s baseline %.2f GB/s; ratio %.2f (%d x %d bytes, %d streams)%n",
                    transport, put / 1e9, get / 1e9, percentile(latencies, 50), percentile(latencies, 99),
                    out.get("baseline").asText(), baseline / 1e9, Math.min(put, get) / baseline, blocks, blockBytes, s);
        }
        return 0;
    }

    private record WorkerReport(double bytes, double seconds, double[] latenciesMs, int warmupBlocks) {
    }

    private WorkerReport worker(String role, String address, int s, long run, int warmupWritten)
            throws IOException, InterruptedException {
        Process p = workerProcess(List.of("--role", role, "--store", address, "--transport", transport.name(),
                "--block-bytes", Long.toString(blockBytes), "--blocks", Integer.toString(blocks),
                "--streams", Integer.toString(s), "--warmup", Integer.toString(warmup.blocks()),
                "--warmup-seconds", Double.toString(warmup.seconds()), "--warmup-written", Integer.toString(warmupWritten),
                "--run", Long.toString(run), "--batch", Integer.toString(batch)));
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse(null);
        }
        if (p.waitFor() != 0 || line == null) {
            throw new IllegalStateException("the " + role + " process failed:\n" + errors(p));
        }
        JsonNode node = new ObjectMapper().readTree(line);
        double[] latencies = new double[node.get("latencies_ms").size()];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = node.get("latencies_ms").get(i).asDouble();
        }
        return new WorkerReport(node.get("bytes").asDouble(), node.get("seconds").asDouble(), latencies,
                node.get("warmup_blocks").asInt());
    }

    private double baseline(int s, long run) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] data = KvBenchData.allocate(arena, blocks, blockBytes);
            for (int i = 0; i < blocks; i++) {
                KvBenchData.fill(data[i], run, i);
            }
            if (transport == Transport.shm) {
                return LoopbackBaseline.memcpy(data, warmup, s);
            }
            Process sink = workerProcess(List.of("--role", "tcp_sink", "--streams", Integer.toString(s),
                    "--block-bytes", Long.toString(blockBytes)));
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8));
                String first = r.readLine();
                if (first == null) {
                    throw new IllegalStateException("the TCP sink process did not start");
                }
                int port = new ObjectMapper().readTree(first).get("port").asInt();
                return LoopbackBaseline.tcp(port, data, warmup, s);
            } finally {
                if (!sink.waitFor(10, TimeUnit.SECONDS)) {
                    sink.destroyForcibly();
                }
            }
        }
    }

    /** What a worker printed on stderr, less the JVM's warnings. */
    private static String errors(Process p) throws IOException {
        Path log = ERROR_LOGS.get(p);
        String text = log == null ? "" : Files.readString(log);
        return text.lines().filter(l -> !l.startsWith("WARNING")).reduce("", (a, b) -> a + b + "\n");
    }

    private static final java.util.Map<Process, Path> ERROR_LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Process workerProcess(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaExecutable(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TandemCommand.class.getName(), "bench", "kv-worker"));
        command.addAll(args);
        Path log = Files.createTempFile("tandem-kv-bench-", ".err");
        log.toFile().deleteOnExit();
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        ERROR_LOGS.put(p, log);
        return p;
    }

    private static Path defaultStoreJar() throws URISyntaxException {
        Path cliJar = Path.of(KvBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // cli/target/tandem-cli.jar (or cli/target/classes) -> repository root
        Path root = cliJar.getParent().getParent().getParent();
        Path jar = root.resolve("kv-store-service/target/quarkus-app/quarkus-run.jar");
        return Files.exists(jar) ? jar : Path.of("kv-store-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
