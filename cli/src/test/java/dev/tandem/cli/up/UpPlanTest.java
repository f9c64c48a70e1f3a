package dev.tandem.cli.up;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UpPlanTest {

    private final Path repository = Path.of("/repo");
    private final Path model = Path.of("/models/Qwen3-32B");

    @Test
    void decodeWorkersStartBeforeTheGatewayOnTheirOwnPorts() {
        UpPlan plan = new UpPlan(repository, model, List.of("qwen"), 2, 1, UpPlan.Ports.DEFAULT, null);
        List<List<ServiceSpec>> stages = plan.stages();
        assertEquals(List.of("decode-0", "decode-1"), stages.get(0).stream().map(ServiceSpec::name).toList());
        assertEquals(List.of("gateway"), stages.get(1).stream().map(ServiceSpec::name).toList());
        ServiceSpec second = stages.get(0).get(1);
        assertEquals("9201", second.properties().get("quarkus.grpc.server.port"));
        assertEquals(8201, second.httpPort());
        assertEquals("/models/Qwen3-32B", second.properties().get("tandem.decode.model"));
        assertEquals(Path.of("/repo/decode-service/target/quarkus-app/quarkus-run.jar"), second.jar());
    }

    @Test
    void theGatewayKnowsEveryWorkerAndTheServedNames() {
        ServiceSpec gateway = new UpPlan(repository, model, List.of("qwen", "q3"), 3, 1, UpPlan.Ports.DEFAULT, "cache_aware").gateway();
        assertEquals(8000, gateway.httpPort());
        assertEquals("127.0.0.1:9200,127.0.0.1:9201,127.0.0.1:9202",
                gateway.properties().get("tandem.gateway.workers"));
        assertEquals("qwen,q3", gateway.properties().get("tandem.gateway.model-aliases"));
        assertEquals("cache_aware", gateway.properties().get("tandem.gateway.routing.policy"));
    }

    @Test
    void withoutAliasesOnlyThePathIsServedAndThePolicyIsTheGatewaysDefault() {
        ServiceSpec gateway = new UpPlan(repository, model, List.of(), 1, 1, UpPlan.Ports.DEFAULT, null).gateway();
        assertFalse(gateway.properties().containsKey("tandem.gateway.model-aliases"));
        assertFalse(gateway.properties().containsKey("tandem.gateway.routing.policy"));
    }

    @Test
    void rejectsNoWorkers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new UpPlan(repository, model, List.of(), 0, 1, UpPlan.Ports.DEFAULT, null));
        assertEquals("--decode-workers must be >= 1, got 0", e.getMessage());
    }
}
