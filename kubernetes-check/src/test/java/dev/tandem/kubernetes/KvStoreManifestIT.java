package dev.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kv-store-service's manifests as the Quarkus Kubernetes extension generated them in this build
 * (target/kubernetes/kubernetes.yml, written at package time), and the committed assembled copy.
 */
class KvStoreManifestIT {

    private static final String MODULE = "kv-store-service";
    private static final Path GENERATED = Manifests.root().resolve(MODULE + "/target/kubernetes/kubernetes.yml");
    private static final Path ASSEMBLED = Manifests.kubernetesDir().resolve("base/" + MODULE + ".yaml");

    private static List<HasMetadata> generated() {
        assertTrue(Files.isRegularFile(GENERATED), GENERATED + " is missing: package " + MODULE + " first");
        return Manifests.parse(GENERATED);
    }

    @Test
    void deploymentRunsTheImageWithBothPortsProbesAndResources() {
        Deployment d = KubernetesLayoutTest.deployment(generated(), MODULE);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertTrue(c.getImage().matches("(docker\\.io/)?tandem/kv-store-service:[^/]+"), c.getImage());
        Map<String, Integer> ports = c.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertEquals(Map.of("grpc", 9091, "http", 8091), ports);
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals(8091, c.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(8091, c.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertTrue(c.getResources().getRequests().containsKey("cpu"), "cpu request");
        assertTrue(c.getResources().getRequests().containsKey("memory"), "memory request");
        assertEquals("tandem-config", c.getEnvFrom().getFirst().getConfigMapRef().getName());
    }

    @Test
    void serviceExposesGrpcAndHttpOnTheirOwnPortNumbers() {
        Service s = Manifests.ofType(generated(), Service.class).getFirst();
        Map<String, Integer> ports = s.getSpec().getPorts().stream().collect(Collectors.toMap(ServicePort::getName, ServicePort::getPort));
        assertEquals(Map.of("grpc", 9091, "http", 8091), ports);
    }

    @Test
    void devShmIsMemoryBackedAndHoldsThePool() throws IOException {
        Deployment d = KubernetesLayoutTest.deployment(generated(), MODULE);
        Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        String volumeName = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/dev/shm"))
                .findFirst().orElseThrow(() -> new AssertionError("no /dev/shm mount")).getName();
        Volume shm = d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(volumeName))
                .findFirst().orElseThrow();
        assertEquals("Memory", shm.getEmptyDir().getMedium());
        BigDecimal size = Quantity.getAmountInBytes(shm.getEmptyDir().getSizeLimit());
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(
                Manifests.root().resolve(MODULE + "/src/main/resources/application.properties"))));
        BigDecimal pool = bytes(properties.getProperty("tandem.kv.pool.capacity"));
        assertTrue(size.compareTo(pool) > 0, "/dev/shm sizeLimit " + size + " must exceed the pool " + pool);
        BigDecimal memory = Quantity.getAmountInBytes(c.getResources().getRequests().get("memory"));
        assertTrue(memory.compareTo(size) >= 0, "the memory request " + memory + " covers /dev/shm " + size);
    }

    @Test
    void generatedManifestsPassTheRulesWithTheCommonObjects() {
        List<HasMetadata> objects = new ArrayList<>(generated());
        objects.addAll(Manifests.layout(Manifests.kubernetesDir().resolve("base/common")));
        assertEquals(List.of(), new ManifestRules(objects).violations());
    }

    /**
     * The committed copy holds the same objects as a fresh generation. Compared as parsed objects,
     * not text: the extension writes a container's (and the Service's) ports in an order that
     * changes from one build to the next, so ports are compared by name.
     */
    @Test
    void committedCopyIsTheFreshGeneration() {
        String committed = Manifests.read(ASSEMBLED);
        assertTrue(committed.startsWith(Manifests.BANNER_START + MODULE + "/src/main/kubernetes" + Manifests.BANNER_END),
                ASSEMBLED + " lacks its banner");
        assertEquals(Manifests.portsByName(generated()), Manifests.portsByName(Manifests.parse(ASSEMBLED)),
                ASSEMBLED + " differs from a fresh generation: run kubernetes/assemble.sh (and never edit it by hand)");
    }

    /** A MicroProfile Config memory size such as 1G or 256M (binary units, as Quarkus MemorySize). */
    private static BigDecimal bytes(String size) {
        String s = size.trim().toUpperCase();
        long unit = switch (s.charAt(s.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            case 'T' -> 1L << 40;
            default -> 1;
        };
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        return BigDecimal.valueOf(Long.parseLong(digits)).multiply(BigDecimal.valueOf(unit));
    }
}
