package dev.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * decode-service's manifests as the Quarkus Kubernetes extension generated them in this build, and
 * the committed assembled copy.
 */
class DecodeManifestIT {

    private static final GeneratedManifests DECODE = new GeneratedManifests("decode-service");

    @Test
    void deploymentRunsTheImageWithBothPortsProbesAndResources() {
        Container c = DECODE.container();
        assertTrue(c.getImage().matches("(docker\\.io/)?tandem/decode-service:[^/]+"), c.getImage());
        Map<String, Integer> ports = c.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertEquals(Map.of("grpc", 9200, "http", 8200), ports);
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals(8200, c.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(8200, c.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertTrue(c.getResources().getRequests().containsKey("cpu"), "cpu request");
        assertEquals("tandem-config", c.getEnvFrom().getFirst().getConfigMapRef().getName());
    }

    /**
     * /q/health/started is UP as soon as the application starts, so the startup probe asks whether
     * the model is loaded, and gives Qwen3-32B (about 65 GB of bf16 safetensors) at least 20 minutes
     * from network storage before the pod is restarted.
     */
    @Test
    void startupProbeWaitsForTheModel() {
        Probe startup = DECODE.container().getStartupProbe();
        assertEquals("/q/health/ready", startup.getHttpGet().getPath());
        assertEquals(8200, startup.getHttpGet().getPort().getIntVal());
        int budget = startup.getFailureThreshold() * startup.getPeriodSeconds();
        assertTrue(budget >= 20 * 60, "startup budget " + budget + " s");
    }

    @Test
    void memoryRequestHoldsTheMappedWeights() {
        BigDecimal memory = Quantity.getAmountInBytes(DECODE.container().getResources().getRequests().get("memory"));
        assertTrue(memory.compareTo(Quantity.getAmountInBytes(new Quantity("64Gi"))) >= 0,
                "the memory request " + memory + " holds Qwen3-32B's memory-mapped bf16 weights (~65 GB)");
    }

    @Test
    void theModelAndDevShmAreMounted() {
        Volume models = DECODE.volumeMountedAt("/models");
        assertEquals(ManifestRules.MODEL_CLAIM, models.getPersistentVolumeClaim().getClaimName());
        assertEquals(Boolean.TRUE, models.getPersistentVolumeClaim().getReadOnly());
        Volume shm = DECODE.volumeMountedAt("/dev/shm");
        assertEquals("Memory", shm.getEmptyDir().getMedium());
    }

    @Test
    void configMapSetsTheModelAndThreadsUnderTheirConfigKeys() {
        ConfigMap config = GeneratedManifests.tandemConfig();
        String model = config.getData().get(GeneratedManifests.envName("tandem.decode.model"));
        assertEquals(ManifestRules.MODEL_MOUNT_PATH + "/Qwen3-32B", model);
        String threads = config.getData().get(GeneratedManifests.envName("tandem.decode.threads"));
        assertEquals(DECODE.container().getResources().getRequests().get("cpu").getAmount(), threads,
                "tandem.decode.threads matches the cpu request");
    }

    @Test
    void serviceExposesGrpcAndHttpOnTheirOwnPortNumbers() {
        Service s = Manifests.ofType(DECODE.objects(), Service.class).getFirst();
        Map<String, Integer> ports = s.getSpec().getPorts().stream().collect(Collectors.toMap(ServicePort::getName, ServicePort::getPort));
        assertEquals(Map.of("grpc", 9200, "http", 8200), ports);
    }

    @Test
    void generatedManifestsPassTheRulesWithTheCommonObjects() {
        DECODE.passesTheRulesWithTheCommonObjects();
    }

    @Test
    void committedCopyIsTheFreshGeneration() {
        DECODE.committedCopyIsTheFreshGeneration();
    }
}
