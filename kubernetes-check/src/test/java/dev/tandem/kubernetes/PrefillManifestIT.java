package dev.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * prefill-service's manifests as the Quarkus Kubernetes extension generated them in this build, and
 * the committed assembled copy.
 */
class PrefillManifestIT {

    private static final GeneratedManifests PREFILL = new GeneratedManifests("prefill-service");
    private static final String BROKER_SECRET = "tandem-broker-credentials";

    @Test
    void deploymentRunsTheImageWithItsHttpPortProbesAndResources() {
        Container c = PREFILL.container();
        assertEquals("prefill-service", c.getName(), "the gpu-rdma patch matches the container by this name");
        assertTrue(c.getImage().matches("(docker\\.io/)?tandem/prefill-service:[^/]+"), c.getImage());
        Map<String, Integer> ports = c.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertEquals(Map.of("http", 8300), ports);
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals(8300, c.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(8300, c.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertTrue(c.getResources().getRequests().containsKey("cpu"), "cpu request");
    }

    /** The ConfigMap (model, kv-store, broker address) and the broker's credentials, both as environment. */
    @Test
    void environmentComesFromTheConfigMapAndTheBrokerSecret() {
        List<EnvFromSource> envFrom = PREFILL.container().getEnvFrom();
        Set<String> configMaps = envFrom.stream().map(EnvFromSource::getConfigMapRef).filter(Objects::nonNull)
                .map(r -> r.getName()).collect(Collectors.toSet());
        Set<String> secrets = envFrom.stream().map(EnvFromSource::getSecretRef).filter(Objects::nonNull)
                .map(r -> r.getName()).collect(Collectors.toSet());
        assertEquals(Set.of("tandem-config"), configMaps);
        assertEquals(Set.of(BROKER_SECRET), secrets);
    }

    /** The Secret's keys are the AMQP connector's credentials under MicroProfile Config's environment mapping. */
    @Test
    void brokerSecretHoldsTheConnectorCredentials() {
        List<HasMetadata> common = Manifests.layout(Manifests.kubernetesDir().resolve("base/common"));
        Secret secret = Manifests.ofType(common, Secret.class).stream()
                .filter(s -> ManifestRules.name(s).equals(BROKER_SECRET)).findFirst().orElseThrow();
        Set<String> keys = secret.getStringData() != null ? secret.getStringData().keySet() : secret.getData().keySet();
        assertTrue(keys.containsAll(Set.of(GeneratedManifests.envName("amqp-username"), GeneratedManifests.envName("amqp-password"))),
                BROKER_SECRET + " keys " + keys);
    }

    /**
     * /q/health/started has no check and is UP at once, so the startup probe asks whether the model
     * is loaded, and gives Qwen3-32B at least 20 minutes from network storage before a restart.
     */
    @Test
    void startupProbeWaitsForTheModel() {
        Probe startup = PREFILL.container().getStartupProbe();
        assertEquals("/q/health/ready", startup.getHttpGet().getPath());
        assertEquals(8300, startup.getHttpGet().getPort().getIntVal());
        int budget = startup.getFailureThreshold() * startup.getPeriodSeconds();
        assertTrue(budget >= 20 * 60, "startup budget " + budget + " s");
    }

    @Test
    void memoryRequestHoldsTheMappedWeights() {
        BigDecimal memory = Quantity.getAmountInBytes(PREFILL.container().getResources().getRequests().get("memory"));
        assertTrue(memory.compareTo(Quantity.getAmountInBytes(new Quantity("64Gi"))) >= 0,
                "the memory request " + memory + " holds Qwen3-32B's memory-mapped bf16 weights (~65 GB)");
    }

    @Test
    void theModelAndDevShmAreMounted() {
        Volume models = PREFILL.volumeMountedAt("/models");
        assertEquals(ManifestRules.MODEL_CLAIM, models.getPersistentVolumeClaim().getClaimName());
        assertEquals(Boolean.TRUE, models.getPersistentVolumeClaim().getReadOnly());
        assertTrue(PREFILL.container().getVolumeMounts().stream()
                .anyMatch(m -> m.getMountPath().equals("/models") && Boolean.TRUE.equals(m.getReadOnly())), "/models mounted read-only");
        Volume shm = PREFILL.volumeMountedAt("/dev/shm");
        assertEquals("Memory", shm.getEmptyDir().getMedium());
    }

    @Test
    void configMapSetsTheModelThreadsAndKvLayoutUnderTheirConfigKeys() {
        ConfigMap config = GeneratedManifests.tandemConfig();
        Map<String, String> data = config.getData();
        assertEquals(ManifestRules.MODEL_MOUNT_PATH + "/Qwen3-32B", data.get(GeneratedManifests.envName("tandem.prefill.model")));
        assertEquals(data.get(GeneratedManifests.envName("tandem.decode.model")), data.get(GeneratedManifests.envName("tandem.prefill.model")),
                "prefill and decode serve the same checkpoint");
        assertEquals(PREFILL.container().getResources().getRequests().get("cpu").getAmount(),
                data.get(GeneratedManifests.envName("tandem.prefill.threads")), "tandem.prefill.threads matches the cpu request");
        // The task's fingerprint names the KV dtype and block size: prefill must use decode's.
        GeneratedManifests.kvLayoutsOfPrefillAndDecodeAgree();
    }

    /** kv-store replicas name the kv-store Service's grpc port; the broker is the Service on 5672. */
    @Test
    void configMapPointsAtTheKvStoreAndTheBrokerServices() {
        ConfigMap config = GeneratedManifests.tandemConfig();
        List<HasMetadata> base = Manifests.layout(Manifests.kubernetesDir().resolve("base"));
        Service kvStore = Manifests.ofType(base, Service.class).stream()
                .filter(s -> ManifestRules.name(s).equals("kv-store-service")).findFirst().orElseThrow();
        int grpc = kvStore.getSpec().getPorts().stream().filter(p -> p.getName().equals("grpc")).findFirst().orElseThrow().getPort();
        assertEquals("kv-store-service:" + grpc, config.getData().get(GeneratedManifests.envName("tandem.prefill.kv-store.replicas")));
        Service broker = Manifests.ofType(base, Service.class).stream()
                .filter(s -> ManifestRules.name(s).equals(config.getData().get(GeneratedManifests.envName("amqp-host")))).findFirst()
                .orElseThrow(() -> new AssertionError("AMQP_HOST names no Service"));
        assertTrue(broker.getSpec().getPorts().stream().anyMatch(p -> String.valueOf(p.getPort())
                .equals(config.getData().get(GeneratedManifests.envName("amqp-port")))), "AMQP_PORT is a port of " + ManifestRules.name(broker));
    }

    @Test
    void serviceExposesHttpOnItsOwnPortNumber() {
        Service s = Manifests.ofType(PREFILL.objects(), Service.class).getFirst();
        Map<String, Integer> ports = s.getSpec().getPorts().stream().collect(Collectors.toMap(ServicePort::getName, ServicePort::getPort));
        assertEquals(Map.of("http", 8300), ports);
    }

    @Test
    void generatedManifestsPassTheRulesWithTheCommonObjects() {
        PREFILL.passesTheRulesWithTheCommonObjects();
    }

    @Test
    void committedCopyIsTheFreshGeneration() {
        PREFILL.committedCopyIsTheFreshGeneration();
    }
}
