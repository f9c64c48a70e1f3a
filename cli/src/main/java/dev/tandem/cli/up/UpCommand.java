package dev.tandem.cli.up;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code tandem up}: the whole suite on this machine. Starts the decode workers, waits until each
 * is ready, then the gateway on port 8000; streams every service's log with a {@code [name]}
 * prefix; stops them all (gateway first) on Ctrl-C or when any of them dies.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Run the suite on localhost: decode worker(s) and the gateway (OpenAI API on :8000); "
                + "in the remote prefill modes also the broker, the kv-store and prefill worker(s).")
public final class UpCommand implements Callable<Integer> {

    static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    @Option(names = "--model", paramLabel = "DIR",
            description = "Checkpoint directory (Hugging Face layout) or .gguf file. Default: ../shared/models/stories260K "
                    + "when present, else a generated random-weight model.")
    Path model;

    @Option(names = "--served-model-name", paramLabel = "NAME",
            description = "A name clients may use as `model` besides the model path (repeatable).")
    List<String> servedNames = new ArrayList<>();

    @Option(names = "--decode-workers", paramLabel = "N", defaultValue = "1", description = "Decode workers (default: ${DEFAULT-VALUE}).")
    int decodeWorkers;

    @Option(names = "--prefill-mode", paramLabel = "MODE", defaultValue = "local", converter = PrefillModeConverter.class,
            description = "local (decode workers prefill), always-remote (prefill workers do, through the broker and the kv-store) "
                    + "or conditional (remote when the uncached prompt is long and the prefill queue short) (default: ${DEFAULT-VALUE}).")
    PrefillMode prefillMode;

    @Option(names = "--max-local-prefill-length", paramLabel = "TOKENS",
            description = "conditional mode: prompts with more uncached tokens than this go to the prefill workers "
                    + "(default: the decode worker's, 1000 as in Dynamo).")
    Integer maxLocalPrefillLength;

    @Option(names = "--prefill-timeout", paramLabel = "DURATION",
            description = "Remote modes: how long a decode worker waits for a remote prefill before it prefills locally, "
                    + "e.g. 30s (default: the decode worker's).")
    String prefillTimeout;

    @Option(names = "--prefill-workers", paramLabel = "N", defaultValue = "1",
            description = "Prefill workers in the remote modes (default: ${DEFAULT-VALUE}).")
    int prefillWorkers;

    @Option(names = "--threads", paramLabel = "N",
            description = "Engine threads per worker (default: available processors / workers).")
    Integer threads;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000", description = "The gateway's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--decode-grpc-port", paramLabel = "PORT", defaultValue = "9200",
            description = "gRPC port of the first decode worker; the others count up (default: ${DEFAULT-VALUE}).")
    int decodeGrpcPort;

    @Option(names = "--decode-http-port", paramLabel = "PORT", defaultValue = "8200",
            description = "Health/metrics port of the first decode worker; the others count up (default: ${DEFAULT-VALUE}).")
    int decodeHttpPort;

    @Option(names = "--broker", paramLabel = "embedded|HOST:PORT", defaultValue = "embedded",
            description = "The AMQP 1.0 broker of the remote modes: an embedded Artemis started here, or a running broker "
                    + "(RabbitMQ with rabbitmq_amqp1_0, ActiveMQ, Artemis) (default: ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--broker-kind", paramLabel = "KIND", defaultValue = "artemis",
            description = "artemis (also ActiveMQ) or rabbitmq: how the broker names queues and topics (default: ${DEFAULT-VALUE}).")
    Broker.Kind brokerKind;

    @Option(names = "--broker-user", paramLabel = "USER", description = "AMQP user name (default: none, SASL ANONYMOUS).")
    String brokerUser;

    @Option(names = "--broker-password", paramLabel = "PASSWORD", description = "AMQP password.")
    String brokerPassword;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "5672",
            description = "AMQP port of the embedded broker in the remote modes (default: ${DEFAULT-VALUE}).")
    int brokerPort;

    @Option(names = "--kv-grpc-port", paramLabel = "PORT", defaultValue = "9091",
            description = "The kv-store's gRPC port in the remote modes (default: ${DEFAULT-VALUE}).")
    int kvGrpcPort;

    @Option(names = "--kv-http-port", paramLabel = "PORT", defaultValue = "8091",
            description = "The kv-store's health/metrics port in the remote modes (default: ${DEFAULT-VALUE}).")
    int kvHttpPort;

    @Option(names = "--prefill-http-port", paramLabel = "PORT", defaultValue = "8300",
            description = "Health/metrics port of the first prefill worker; the others count up (default: ${DEFAULT-VALUE}).")
    int prefillHttpPort;

    @Option(names = "--prefill-cpus", paramLabel = "LIST",
            description = "Pin prefill workers to these CPUs (taskset -c list, e.g. 0), for disaggregation experiments.")
    String prefillCpus;

    @Option(names = "--decode-cpus", paramLabel = "LIST",
            description = "Pin decode workers to these CPUs (taskset -c list, e.g. 1).")
    String decodeCpus;

    @Option(names = "--routing-policy", paramLabel = "POLICY",
            description = "round_robin, random, least_load, power_of_two or cache_aware (default: the gateway's).")
    String routingPolicy;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        UpPlan plan = plan(out);
        try (Suite suite = new Suite(out)) {
            Runtime.getRuntime().addShutdownHook(new Thread(suite::closeQuietly, "tandem-up-shutdown"));
            suite.start(plan.stages(), READY_TIMEOUT);
            out.printf("tandem: up. OpenAI API on http://localhost:%d/v1 serving %s%s, prefill %s; Ctrl-C stops everything.%n",
                    port, plan.model(), servedNames.isEmpty() ? "" : " (also as " + String.join(", ", servedNames) + ")",
                    prefillMode.configValue());
            String died = suite.awaitFatalExit(Set.of("gateway"));
            if (suite.isClosed()) {
                return 0; // Ctrl-C: the shutdown hook is stopping everything
            }
            throw new IllegalStateException(died + " stopped unexpectedly; stopping the others");
        }
    }

    private Map<String, String> decodeSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (maxLocalPrefillLength != null) {
            settings.put("tandem.decode.prefill.max-local-length", Integer.toString(maxLocalPrefillLength));
        }
        if (prefillTimeout != null) {
            settings.put("tandem.decode.prefill.timeout", prefillTimeout);
        }
        return settings;
    }

    /** The services these options describe; when no model is given, says on {@code log} which default it serves. */
    UpPlan plan(PrintStream log) throws IOException {
        Path repository = Path.of(System.getProperty("tandem.home", ".")).toAbsolutePath().normalize();
        Path served;
        if (model != null) {
            if (!Files.exists(model)) {
                throw new IllegalArgumentException("--model " + model + " does not exist");
            }
            served = model.toAbsolutePath().normalize();
        } else {
            served = DefaultModel.resolve(repository, log);
        }
        int workers = decodeWorkers + (prefillMode.disaggregated() ? prefillWorkers : 0);
        int perWorker = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
        return new UpPlan(repository, served, servedNames, decodeWorkers, prefillMode, prefillWorkers, perWorker,
                new UpPlan.Ports(port, decodeGrpcPort, decodeHttpPort, brokerPort, kvGrpcPort, kvHttpPort, prefillHttpPort),
                routingPolicy, decodeSettings(), new UpPlan.Pinning(prefillCpus, decodeCpus),
                Broker.parse(broker, brokerPort, brokerUser, brokerPassword, brokerKind));
    }
}
