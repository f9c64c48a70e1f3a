package dev.tandem.cli.up;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UpPlanTest {

    private final Path repository = Path.of("/repo");
    private final Path model = Path.of("/models/Qwen3-32B");

    @Test
    void decodeWorkersStartBeforeTheGatewayOnTheirOwnPorts() {
        UpPlan plan = new UpPlan(repository, model, List.of("qwen"), 2, PrefillMode.local, 1, 1, UpPlan.Ports.DEFAULT, null, Map.of(), UpPlan.Pinning.NONE, Broker.parse(null, 5672, null, null, Broker.Kind.artemis));
        List<List<ServiceSpec>> stages = plan.stages();
        assertEquals(List.of("decode-0", "decode-1"), stages.get(0).stream().map(ServiceSpec::name).toList());
        assertEquals(List.of("gateway"), stages.get(1).stream().map(ServiceSpec::name).toList());
        ServiceSpec second = stages.get(0).get(1);
        assertEquals("9201", second.properties().get("quarkus.grpc.server.port"));
        assertEquals(new Readiness.Health(8201), second.readiness());
        assertEquals("local", second.properties().get("tandem.decode.prefill.mode"));
        assertFalse(second.properties().containsKey("amqp-host"), "local prefill needs no broker");
        assertEquals("/models/Qwen3-32B", second.properties().get("tandem.decode.model"));
        assertEquals(Path.of("/repo/decode-service/target/quarkus-app/quarkus-run.jar"), second.jar());
    }

    @Test
    void theGatewayKnowsEveryWorkerAndTheServedNames() {
        ServiceSpec gateway = new UpPlan(repository, model, List.of("qwen", "q3"), 3, PrefillMode.local, 1, 1, UpPlan.Ports.DEFAULT, "cache_aware", Map.of(), UpPlan.Pinning.NONE, Broker.parse(null, 5672, null, null, Broker.Kind.artemis)).gateway();
        assertEquals(new Readiness.Health(8000), gateway.readiness());
        assertEquals("127.0.0.1:9200,127.0.0.1:9201,127.0.0.1:9202",
                gateway.properties().get("tandem.gateway.workers"));
        assertEquals("qwen,q3", gateway.properties().get("tandem.gateway.model-aliases"));
        assertEquals("cache_aware", gateway.properties().get("tandem.gateway.routing.policy"));
    }

    @Test
    void withoutAliasesOnlyThePathIsServedAndThePolicyIsTheGatewaysDefault() {
        ServiceSpec gateway = new UpPlan(repository, model, List.of(), 1, PrefillMode.local, 1, 1, UpPlan.Ports.DEFAULT, null, Map.of(), UpPlan.Pinning.NONE, Broker.parse(null, 5672, null, null, Broker.Kind.artemis)).gateway();
        assertFalse(gateway.properties().containsKey("tandem.gateway.model-aliases"));
        assertFalse(gateway.properties().containsKey("tandem.gateway.routing.policy"));
    }

    @Test
    void rejectsNoWorkers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UpPlan(repository, model, List.of(), 0, PrefillMode.local, 1, 1, UpPlan.Ports.DEFAULT, null, Map.of(), UpPlan.Pinning.NONE, Broker.parse(null, 5672, null, null, Broker.Kind.artemis)));
        assertEquals("--decode-workers must be >= 1, got 0", e.getMessage());
    }

    @Test
    void remotePrefillStartsBrokerAndKvStoreFirstThenPrefillAndDecodeWorkers() {
        UpPlan plan = new UpPlan(repository, model, List.of(), 1, PrefillMode.always_remote, 2, 1, UpPlan.Ports.DEFAULT, null, Map.of(), UpPlan.Pinning.NONE, Broker.parse(null, 5672, null, null, Broker.Kind.artemis));
        List<List<ServiceSpec>> stages = plan.stages();
        assertEquals(List.of("broker", "kv-store"), stages.get(0).stream().map(ServiceSpec::name).toList());
        assertEquals(List.of("prefill-0", "prefill-1", "decode-0"), stages.get(1).stream().map(ServiceSpec::name).toList());
        assertEquals(List.of("gateway"), stages.get(2).stream().map(ServiceSpec::name).toList());
        ServiceSpec broker = stages.get(0).get(0);
        assertEquals(new Readiness.Listening(5672), broker.readiness());
        assertEquals(List.of("broker", "--port", "5672"), broker.args());
        ServiceSpec prefill = stages.get(1).get(1);
        assertEquals("8301", prefill.properties().get("quarkus.http.port"));
        assertEquals("127.0.0.1:9091", prefill.properties().get("tandem.prefill.kv-store.replicas"));
        assertEquals("5672", prefill.properties().get("amqp-port"));
        ServiceSpec decode = stages.get(1).get(2);
        assertEquals("always-remote", decode.properties().get("tandem.decode.prefill.mode"));
        assertEquals("127.0.0.1:9091", decode.properties().get("tandem.decode.kv-store.replicas"));
        assertEquals("decode-0", decode.properties().get("tandem.decode.worker-id"));
    }

    @Test
    void remotePrefillNeedsAPrefillWorker() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UpPlan(repository, model, List.of(), 1, PrefillMode.conditional, 0, 1, UpPlan.Ports.DEFAULT, null, Map.of(), UpPlan.Pinning.NONE, Broker.parse(null, 5672, null, null, Broker.Kind.artemis)));
        assertEquals("--prefill-mode conditional needs --prefill-workers >= 1, got 0", e.getMessage());
    }

    @Test
    void prefillModesParseAsWrittenOnTheCommandLine() {
        assertEquals(PrefillMode.always_remote, PrefillMode.parse("always-remote"));
        assertEquals("conditional", PrefillMode.conditional.configValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrefillMode.parse("sometimes"));
        assertEquals("--prefill-mode must be local, always-remote or conditional, got sometimes", e.getMessage());
    }

    @Test
    void pinsWorkersAndPassesDecodeSettings() {
        UpPlan plan = new UpPlan(repository, model, List.of(), 1, PrefillMode.always_remote, 1, 1, UpPlan.Ports.DEFAULT, null,
                Map.of("tandem.decode.prefill.timeout", "5s"), new UpPlan.Pinning("0", "1"), Broker.parse(null, 5672, null, null, Broker.Kind.artemis));
        List<ServiceSpec> workers = plan.stages().get(1);
        assertEquals("0", workers.get(0).cpus());
        assertEquals("1", workers.get(1).cpus());
        assertEquals("5s", workers.get(1).properties().get("tandem.decode.prefill.timeout"));
        assertEquals(null, plan.stages().get(2).getFirst().cpus(), "the gateway is not pinned");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UpPlan(repository, model, List.of(), 1, PrefillMode.local, 1, 1, UpPlan.Ports.DEFAULT, null, Map.of(),
                        new UpPlan.Pinning(null, "one"), Broker.parse(null, 5672, null, null, Broker.Kind.artemis)).stages());
        assertEquals("a CPU list is like 0 or 0,2 or 2-3, got one", e.getMessage());
    }

    @Test
    void aRunningRabbitMqReplacesTheEmbeddedBroker() {
        UpPlan plan = new UpPlan(repository, model, List.of(), 1, PrefillMode.always_remote, 1, 1, UpPlan.Ports.DEFAULT, null,
                Map.of(), UpPlan.Pinning.NONE, Broker.parse("127.0.0.1:5673", 5672, "guest", "guest", Broker.Kind.rabbitmq));
        assertEquals(List.of("kv-store"), plan.stages().get(0).stream().map(ServiceSpec::name).toList(), "no embedded broker");
        ServiceSpec decode = plan.stages().get(1).get(1);
        assertEquals("5673", decode.properties().get("amqp-port"));
        assertEquals("guest", decode.properties().get("amqp-username"));
        assertEquals("/queue/prefill-tasks", decode.properties().get("tandem.amqp.tasks-address"));
        assertEquals("/topic/prefill-load", plan.stages().get(1).get(0).properties().get("tandem.amqp.load-address"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Broker.parse("embedded", 5672, null, null, Broker.Kind.rabbitmq));
        assertEquals("the embedded broker is Artemis; --broker-kind rabbitmq needs --broker HOST:PORT", e.getMessage());
        assertEquals("--broker must be embedded or HOST:PORT, got nowhere",
                assertThrows(IllegalArgumentException.class, () -> Broker.parse("nowhere", 5672, null, null, Broker.Kind.artemis)).getMessage());
    }
}
