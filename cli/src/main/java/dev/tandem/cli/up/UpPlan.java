package dev.tandem.cli.up;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Which services {@code tandem up} starts, on which ports, with which configuration. Pure: it
 * computes {@link ServiceSpec}s and starts nothing, so the wiring is testable.
 *
 * <p>Ports: decode worker i on 127.0.0.1, gRPC {@code ports.decodeGrpc() + i} and HTTP
 * {@code ports.decodeHttp() + i}; the gateway on {@code ports.gateway()} on all interfaces, like the
 * reference deployments.
 *
 * @param repository     the repository root (where each module's {@code target/quarkus-app} is)
 * @param model          the checkpoint directory served by every worker
 * @param servedNames    the names clients may put in {@code model}; the model path is always one
 * @param decodeWorkers  how many decode workers
 * @param threadsPerWorker engine threads of each worker
 * @param ports          where the services listen
 * @param routingPolicy  the gateway's routing policy, or null for its default
 */
public record UpPlan(Path repository, Path model, List<String> servedNames, int decodeWorkers, int threadsPerWorker,
                     Ports ports, String routingPolicy) {

    /** The first port of each kind; workers count up from theirs. */
    public record Ports(int gateway, int decodeGrpc, int decodeHttp) {

        public static final Ports DEFAULT = new Ports(8000, 9200, 8200);
    }

    private static final List<String> JVM_ARGS = List.of("--add-modules=jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xss4m");

    public UpPlan {
        if (decodeWorkers < 1) {
            throw new IllegalArgumentException("--decode-workers must be >= 1, got " + decodeWorkers);
        }
        if (threadsPerWorker < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threadsPerWorker);
        }
        servedNames = List.copyOf(servedNames);
    }

    /**
     * The services in start order, as stages: every service of a stage starts at once, and the
     * next stage starts when all of them are ready (the decode workers, then the gateway).
     */
    public List<List<ServiceSpec>> stages() {
        List<ServiceSpec> workers = new ArrayList<>(decodeWorkers);
        for (int i = 0; i < decodeWorkers; i++) {
            workers.add(decode(i));
        }
        return List.of(workers, List.of(gateway()));
    }

    ServiceSpec decode(int index) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", Integer.toString(ports.decodeHttp() + index));
        properties.put("quarkus.grpc.server.host", "127.0.0.1");
        properties.put("quarkus.grpc.server.port", Integer.toString(ports.decodeGrpc() + index));
        properties.put("tandem.decode.model", model.toString());
        properties.put("tandem.decode.threads", Integer.toString(threadsPerWorker));
        return new ServiceSpec("decode-" + index, jar("decode-service"), ports.decodeHttp() + index, properties, JVM_ARGS, List.of());
    }

    ServiceSpec gateway() {
        StringJoiner workers = new StringJoiner(",");
        for (int i = 0; i < decodeWorkers; i++) {
            workers.add("127.0.0.1:" + (ports.decodeGrpc() + i));
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.port", Integer.toString(ports.gateway()));
        properties.put("tandem.gateway.model-dir", model.toString());
        if (!servedNames.isEmpty()) {
            properties.put("tandem.gateway.model-aliases", String.join(",", servedNames));
        }
        properties.put("tandem.gateway.workers", workers.toString());
        if (routingPolicy != null) {
            properties.put("tandem.gateway.routing.policy", routingPolicy);
        }
        return new ServiceSpec("gateway", jar("gateway-service"), ports.gateway(), properties, JVM_ARGS, List.of());
    }

    private Path jar(String module) {
        return repository.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }
}
