package dev.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * gateway-service's manifests as the Quarkus Kubernetes extension generated them in this build, and
 * the committed assembled copy; and the Stork settings that make it find the decode pods.
 */
class GatewayManifestIT {

    private static final GeneratedManifests GATEWAY = new GeneratedManifests("gateway-service");
    private static final String DISCOVERY = "quarkus.stork.%s.service-discovery.%s";

    @Test
    void deploymentRunsTheImageWithItsPortProbesAndResources() {
        Container c = GATEWAY.container();
        assertTrue(c.getImage().matches("(docker\\.io/)?tandem/gateway-service:[^/]+"), c.getImage());
        Map<String, Integer> ports = c.getPorts().stream().collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertEquals(Map.of("http", 8000), ports);
        assertEquals("/q/health/ready", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/live", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals(8000, c.getReadinessProbe().getHttpGet().getPort().getIntVal());
        assertEquals(8000, c.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertTrue(c.getResources().getRequests().containsKey("cpu"), "cpu request");
        assertTrue(c.getResources().getRequests().containsKey("memory"), "memory request");
        assertEquals("tandem-config", c.getEnvFrom().getFirst().getConfigMapRef().getName());
    }

    /** So that {@code kubectl port-forward svc/gateway-service 8000:8000} works. */
    @Test
    void serviceIsOnPort8000() {
        Service s = Manifests.ofType(GATEWAY.objects(), Service.class).getFirst();
        assertEquals("gateway-service", ManifestRules.name(s));
        ServicePort port = s.getSpec().getPorts().getFirst();
        assertEquals(1, s.getSpec().getPorts().size());
        assertEquals(8000, port.getPort());
        assertEquals(8000, port.getTargetPort().getIntVal());
    }

    @Test
    void theModelIsMountedReadOnly() {
        Volume models = GATEWAY.volumeMountedAt("/models");
        assertEquals(ManifestRules.MODEL_CLAIM, models.getPersistentVolumeClaim().getClaimName());
        assertEquals(Boolean.TRUE, models.getPersistentVolumeClaim().getReadOnly());
    }

    @Test
    void configMapSetsTheModelDirAndAliasesUnderTheirConfigKeys() {
        ConfigMap config = GeneratedManifests.tandemConfig();
        assertEquals(ManifestRules.MODEL_MOUNT_PATH + "/Qwen3-32B", config.getData().get(GeneratedManifests.envName("tandem.gateway.model-dir")));
        String aliases = config.getData().get(GeneratedManifests.envName("tandem.gateway.model-aliases"));
        assertTrue(aliases != null && !aliases.isBlank(), "a served-name alias");
    }

    /**
     * The static list stays the default (tandem up passes -Dtandem.gateway.workers); the Deployment
     * turns on the kubernetes profile, in which Stork reads the grpc port of the pods behind the
     * decode-service Service.
     */
    @Test
    void storkFindsTheDecodePodsThroughKubernetesInTheKubernetesProfileOnly() {
        Properties p = GATEWAY.applicationProperties();
        String service = p.getProperty("tandem.gateway.worker-service", "decode");
        assertEquals("static", p.getProperty(DISCOVERY.formatted(service, "type")));
        assertEquals("${tandem.gateway.workers}", p.getProperty(DISCOVERY.formatted(service, "address-list")));
        assertEquals("kubernetes", p.getProperty("%kubernetes." + DISCOVERY.formatted(service, "type")));
        assertEquals("decode-service", p.getProperty("%kubernetes." + DISCOVERY.formatted(service, "application")));
        assertEquals("grpc", p.getProperty("%kubernetes." + DISCOVERY.formatted(service, "port-name")));

        List<EnvVar> env = GATEWAY.container().getEnv();
        String profile = env.stream().filter(e -> e.getName().equals("QUARKUS_PROFILE")).findFirst()
                .orElseThrow(() -> new AssertionError("no QUARKUS_PROFILE")).getValue();
        assertEquals(List.of("prod", "kubernetes"), List.of(profile.split(",")));

        Service decode = Manifests.ofType(Manifests.parse(new GeneratedManifests("decode-service").generatedFile()), Service.class).getFirst();
        assertEquals("decode-service", ManifestRules.name(decode));
        assertTrue(decode.getSpec().getPorts().stream().anyMatch(port -> port.getName().equals("grpc")), "decode-service has a grpc port");
    }

    /** Stork's Kubernetes discovery lists endpoints and reads pods in the gateway's namespace. */
    @Test
    void theServiceAccountMayReadEndpointsAndPods() {
        List<HasMetadata> objects = GATEWAY.objects();
        String account = GATEWAY.deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
        assertEquals("gateway-service", account);
        RoleBinding binding = Manifests.ofType(objects, RoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(account)))
                .findFirst().orElseThrow(() -> new AssertionError("no RoleBinding for " + account));
        Role role = Manifests.ofType(objects, Role.class).stream()
                .filter(r -> ManifestRules.name(r).equals(binding.getRoleRef().getName())).findFirst().orElseThrow();
        for (String resource : List.of("endpoints", "pods")) {
            for (String verb : List.of("get", "list", "watch")) {
                assertTrue(role.getRules().stream().anyMatch(r -> allows(r, resource, verb)), "may " + verb + " " + resource);
            }
        }
    }

    private static boolean allows(PolicyRule rule, String resource, String verb) {
        return rule.getApiGroups().contains("") && rule.getResources().contains(resource) && rule.getVerbs().contains(verb);
    }

    @Test
    void generatedManifestsPassTheRulesWithTheCommonObjects() {
        GATEWAY.passesTheRulesWithTheCommonObjects();
    }

    @Test
    void committedCopyIsTheFreshGeneration() {
        GATEWAY.committedCopyIsTheFreshGeneration();
    }
}
