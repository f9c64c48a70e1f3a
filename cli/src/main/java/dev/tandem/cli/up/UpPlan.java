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
 * reference deployments. With a disaggregated prefill mode, also on 127.0.0.1: the AMQP broker
 * ({@code ports.broker()}), the kv-store (gRPC {@code ports.kvGrpc()}, HTTP {@code ports.kvHttp()})
 * and prefill worker i (HTTP {@code ports.prefillHttp() + i}).
 *
 * @param repository     the repository root (where each module's {@code target/quarkus-app} is)
 * @param model          the checkpoint directory served by every worker
 * @param servedNames    the names clients may put in {@code model}; the model path is always one
 * @param decodeWorkers  how many decode workers
 * @param prefillMode    where decode workers prefill
 * @param prefillWorkers how many prefill workers (none in {@code local} mode)
 * @param threadsPerWorker engine threads of each worker
 * @param ports          where the services listen
 * @param routingPolicy  the gateway's routing policy, or null for its default
 * @param decodeSettings further decode-service configuration (e.g. the conditional-prefill threshold)
 * @param cpus           CPU pinning of the workers ({@link Pinning#NONE} leaves it to the OS)
 * @param broker         the AMQP broker of the remote modes (embedded: started here on {@code ports.broker()})
 */
public record UpPlan(Path repository, Path model, List<String> servedNames, int decodeWorkers, PrefillMode prefillMode,
                     int prefillWorkers, int threadsPerWorker, Ports ports, String routingPolicy,
                     Map<String, String> decodeSettings, Pinning cpus, Broker broker) {

    /** {@code taskset -c} lists for the prefill and decode workers; null leaves a role unpinned. */
    public record Pinning(String prefill, String decode) {

        public static final Pinning NONE = new Pinning(null, null);
    }

    /** The first port of each kind; workers count up from theirs. */
    public record Ports(int gateway, int decodeGrpc, int decodeHttp, int broker, int kvGrpc, int kvHttp, int prefillHttp) {

        public static final Ports DEFAULT = new Ports(8000, 9200, 8200, 5672, 9091, 8091, 8300);
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
        if (prefillMode.disaggregated() && prefillWorkers < 1) {
            throw new IllegalArgumentException("--prefill-mode " + prefillMode.configValue() + " needs --prefill-workers >= 1, got " + prefillWorkers);
        }
        if (!prefillMode.disaggregated()) {
            prefillWorkers = 0;
        }
        servedNames = List.copyOf(servedNames);
        decodeSettings = Map.copyOf(decodeSettings);
    }

    /**
     * The services in start order, as stages: every service of a stage starts at once, and the
     * next stage starts when all of them are ready — the broker and the kv-store (disaggregated
     * modes only), then the prefill and decode workers, then the gateway.
     */
    public List<List<ServiceSpec>> stages() {
        List<ServiceSpec> workers = new ArrayList<>();
        for (int i = 0; i < prefillWorkers; i++) {
            workers.add(prefill(i));
        }
        for (int i = 0; i < decodeWorkers; i++) {
            workers.add(decode(i));
        }
        if (!prefillMode.disaggregated()) {
            return List.of(workers, List.of(gateway()));
        }
        List<ServiceSpec> infrastructure = broker.embedded() ? List.of(embeddedBroker(), kvStore()) : List.of(kvStore());
        return List.of(infrastructure, workers, List.of(gateway()));
    }

    ServiceSpec embeddedBroker() {
        return new ServiceSpec("broker", repository.resolve("cli").resolve("target").resolve("tandem-cli.jar"),
                new Readiness.Listening(ports.broker()), Map.of(), List.of(), List.of("broker", "--port", Integer.toString(ports.broker())), null);
    }

    ServiceSpec kvStore() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", Integer.toString(ports.kvHttp()));
        properties.put("quarkus.grpc.server.host", "127.0.0.1");
        properties.put("quarkus.grpc.server.port", Integer.toString(ports.kvGrpc()));
        return new ServiceSpec("kv-store", jar("kv-store-service"), new Readiness.Health(ports.kvHttp()), properties, JVM_ARGS, List.of(), null);
    }

    ServiceSpec prefill(int index) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", Integer.toString(ports.prefillHttp() + index));
        properties.put("tandem.prefill.model", model.toString());
        properties.put("tandem.prefill.threads", Integer.toString(threadsPerWorker));
        properties.put("tandem.prefill.kv-store.replicas", kvStoreAddress());
        properties.putAll(amqp());
        return new ServiceSpec("prefill-" + index, jar("prefill-service"), new Readiness.Health(ports.prefillHttp() + index),
                properties, JVM_ARGS, List.of(), cpus.prefill());
    }

    ServiceSpec decode(int index) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", Integer.toString(ports.decodeHttp() + index));
        properties.put("quarkus.grpc.server.host", "127.0.0.1");
        properties.put("quarkus.grpc.server.port", Integer.toString(ports.decodeGrpc() + index));
        properties.put("tandem.decode.model", model.toString());
        properties.put("tandem.decode.threads", Integer.toString(threadsPerWorker));
        properties.put("tandem.decode.prefill.mode", prefillMode.configValue());
        if (prefillMode.disaggregated()) {
            properties.put("tandem.decode.worker-id", "decode-" + index);
            properties.put("tandem.decode.kv-store.replicas", kvStoreAddress());
            properties.putAll(amqp());
        }
        properties.putAll(decodeSettings);
        return new ServiceSpec("decode-" + index, jar("decode-service"), new Readiness.Health(ports.decodeHttp() + index),
                properties, JVM_ARGS, List.of(), cpus.decode());
    }

    private String kvStoreAddress() {
        return "127.0.0.1:" + ports.kvGrpc();
    }

    private Map<String, String> amqp() {
        Map<String, String> amqp = new LinkedHashMap<>();
        amqp.put("amqp-host", broker.host());
        amqp.put("amqp-port", Integer.toString(broker.embedded() ? ports.broker() : broker.port()));
        if (broker.username() != null) {
            amqp.put("amqp-username", broker.username());
            amqp.put("amqp-password", broker.password() == null ? "" : broker.password());
        }
        amqp.putAll(broker.kind().addresses());
        return amqp;
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
        return new ServiceSpec("gateway", jar("gateway-service"), new Readiness.Health(ports.gateway()), properties, JVM_ARGS, List.of(), null);
    }

    private Path jar(String module) {
        return repository.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }
}
