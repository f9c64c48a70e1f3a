package dev.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * decode-service's manifests as the Quarkus Kubernetes extension generated them in this build, and
 * the committed assembled copy.
 */
class DecodeManifestIT {

    private static final GeneratedManifests DECODE = new GeneratedManifests("decode-service");
    private static final String BROKER_SECRET = "tandem-broker-credentials";

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
    }

    /** The ConfigMap (model, prefill mode, kv-store, broker address) and the broker's credentials, both as environment. */
    @Test
    void environmentComesFromTheConfigMapAndTheBrokerSecret() {
        List<EnvFromSource> envFrom = DECODE.container().getEnvFrom();
        Set<String> configMaps = envFrom.stream().map(EnvFromSource::getConfigMapRef).filter(Objects::nonNull)
                .map(r -> r.getName()).collect(Collectors.toSet());
        Set<String> secrets = envFrom.stream().map(EnvFromSource::getSecretRef).filter(Objects::nonNull)
                .map(r -> r.getName()).collect(Collectors.toSet());
        assertEquals(Set.of("tandem-config"), configMaps);
        assertEquals(Set.of(BROKER_SECRET), secrets);
    }

    /**
     * tandem.decode.worker-id names the worker in prefill tasks and their request ids, so it must
     * differ per pod: the pod's name (a field reference), never a ConfigMap value shared by all pods.
     */
    @Test
    void workerIdIsThePodName() {
        String name = GeneratedManifests.envName("tandem.decode.worker-id");
        assertEquals("TANDEM_DECODE_WORKER_ID", name);
        List<EnvVar> env = DECODE.container().getEnv().stream().filter(e -> e.getName().equals(name)).toList();
        assertEquals(1, env.size(), name + " set once on the container");
        assertEquals("metadata.name", env.getFirst().getValueFrom().getFieldRef().getFieldPath(), name + " from the pod's name");
        assertFalse(GeneratedManifests.tandemConfig().getData().containsKey(name), name + " must not come from tandem-config");
    }

    /**
     * The prefill mode is a value of tandem.decode.prefill.mode that enables the AMQP channels (the
     * cluster runs prefill workers): application.properties derives each channel's enabled flag from
     * {@code decode-remote-prefill.<mode>}, so a value without such a key would fail decode's start.
     */
    @Test
    void configMapSetsARemotePrefillMode() {
        String mode = GeneratedManifests.tandemConfig().getData().get(GeneratedManifests.envName("tandem.decode.prefill.mode"));
        assertNotNull(mode, "tandem-config sets TANDEM_DECODE_PREFILL_MODE");
        assertTrue(Set.of("local", "always-remote", "conditional").contains(mode), "prefill mode " + mode);
        assertEquals("true", DECODE.applicationProperties().getProperty("decode-remote-prefill." + mode),
                "prefill mode " + mode + " enables the prefill channels");
    }

    /** Decode reads prefill's KV from the kv-store Service's grpc port, the same replicas prefill writes to. */
    @Test
    void configMapPointsDecodeAtTheKvStoreAndTheBroker() {
        Map<String, String> data = GeneratedManifests.tandemConfig().getData();
        String replicas = data.get(GeneratedManifests.envName("tandem.decode.kv-store.replicas"));
        assertEquals("kv-store-service:" + GeneratedManifests.servicePort("kv-store-service", "grpc"), replicas);
        assertEquals(data.get(GeneratedManifests.envName("tandem.prefill.kv-store.replicas")), replicas,
                "decode reads the kv-store prefill writes to");
        String transport = data.getOrDefault(GeneratedManifests.envName("tandem.decode.kv-store.transport"),
                DECODE.applicationProperties().getProperty("tandem.decode.kv-store.transport"));
        assertEquals("grpc", transport, "the kv-store is another pod: gRPC, not shm");
        String host = data.get(GeneratedManifests.envName("amqp-host"));
        String port = data.get(GeneratedManifests.envName("amqp-port"));
        Service broker = Manifests.ofType(Manifests.layout(Manifests.kubernetesDir().resolve("base")), Service.class).stream()
                .filter(s -> ManifestRules.name(s).equals(host)).findFirst()
                .orElseThrow(() -> new AssertionError("AMQP_HOST " + host + " names no Service"));
        assertTrue(broker.getSpec().getPorts().stream().anyMatch(p -> String.valueOf(p.getPort()).equals(port)),
                "AMQP_PORT " + port + " is a port of " + host);
    }

    /** A prefill task carries the fingerprint of model, KV dtype and block size: decode's must be prefill's. */
    @Test
    void kvLayoutIsPrefills() {
        GeneratedManifests.kvLayoutsOfPrefillAndDecodeAgree();
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
