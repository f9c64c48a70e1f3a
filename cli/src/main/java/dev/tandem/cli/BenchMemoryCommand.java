package dev.tandem.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code tandem bench memory}: the machine's DRAM read bandwidth, for the decode roofline. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "Measure DRAM read bandwidth: Vector API reads over a large off-heap segment, best of several passes.")
final class BenchMemoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--size-mib", defaultValue = "1024", description = "Segment size in MiB (default ${DEFAULT-VALUE}).")
    long sizeMib;

    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Thread counts to measure (default ${DEFAULT-VALUE}).")
    int[] threads;

    @Option(names = "--passes", defaultValue = "5", description = "Timed passes per thread count (default ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--warmups", defaultValue = "2", description = "Untimed passes first (default ${DEFAULT-VALUE}).")
    int warmups;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (sizeMib < 1) {
            throw new IllegalArgumentException("--size-mib must be >= 1, got " + sizeMib);
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        PrintWriter out = spec.commandLine().getOut();
        try (MemoryBandwidth bandwidth = new MemoryBandwidth(sizeMib << 20)) {
            root.put("bytes", bandwidth.bytes());
            root.put("passes", passes);
            ArrayNode results = root.putArray("results");
            double best = 0;
            for (int t : threads) {
                MemoryBandwidth.Result result = bandwidth.measure(t, warmups, passes);
                best = Math.max(best, result.bestGbPerSecond());
                results.addObject().put("threads", t).put("best_gb_s", round(result.bestGbPerSecond()))
                        .put("median_gb_s", round(result.medianGbPerSecond()));
                if (!json) {
                    out.printf("%d thread%s: best %.2f GB/s, median %.2f GB/s%n", t, t == 1 ? "" : "s",
                            result.bestGbPerSecond(), result.medianGbPerSecond());
                }
            }
            root.put("best_gb_s", round(best));
        }
        if (json) {
            out.println(mapper.writeValueAsString(root));
        }
        out.flush();
        return 0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
