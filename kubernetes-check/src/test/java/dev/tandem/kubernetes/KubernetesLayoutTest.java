package dev.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The committed layouts under kubernetes/: parsed with the fabric8 model and held to {@link ManifestRules}. */
class KubernetesLayoutTest {

    private static final Path K8S = Manifests.kubernetesDir();
    private static final List<String> LAYOUTS = List.of("base", "overlays/gpu-rdma", "rbg");

    @Test
    void everyManifestParses() {
        List<Path> files = Manifests.yamlFiles(K8S);
        assertTrue(files.size() >= 10, "expected the assembled layouts under " + K8S + ", found " + files);
        for (Path file : files) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                Map<String, Object> k = Manifests.kustomization(file.getParent());
                assertEquals("Kustomization", k.get("kind"), file.toString());
                continue;
            }
            List<HasMetadata> objects = Manifests.parse(file);
            assertFalse(objects.isEmpty(), file + " holds no object");
            for (HasMetadata o : objects) {
                assertTrue(o.getApiVersion() != null && o.getKind() != null && ManifestRules.name(o) != null,
                        file + ": an object without apiVersion, kind or name");
            }
        }
    }

    @Test
    void everyAssembledFileStartsWithTheBanner() {
        for (Path file : Manifests.yamlFiles(K8S)) {
            String first = Manifests.read(file).lines().findFirst().orElse("");
            boolean isSource = K8S.relativize(file).startsWith("src");
            boolean hasBanner = first.startsWith(Manifests.BANNER_START) && first.endsWith(Manifests.BANNER_END);
            assertEquals(!isSource, hasBanner, file + (isSource
                    ? ": a source under kubernetes/src must not carry the GENERATED banner"
                    : ": assembled file without the banner; regenerate with kubernetes/assemble.sh"));
        }
    }

    @Test
    void everyLayoutPassesTheRules() {
        for (String layout : LAYOUTS) {
            List<HasMetadata> objects = Manifests.layout(K8S.resolve(layout));
            assertFalse(objects.isEmpty(), layout);
            assertEquals(List.of(), new ManifestRules(objects).violations(), "layout " + layout);
        }
    }

    @Test
    void everyKustomizationNamesExistingResourcesAndPatchTargets() {
        for (Path file : Manifests.yamlFiles(K8S)) {
            if (!file.getFileName().toString().equals("kustomization.yaml")) continue;
            Path dir = file.getParent();
            Map<String, Object> k = Manifests.kustomization(dir);
            for (String resource : Manifests.resourcesOf(k)) {
                Path path = dir.resolve(resource).normalize();
                assertTrue(Files.isRegularFile(path) || Files.isRegularFile(path.resolve("kustomization.yaml")),
                        file + ": resource " + resource + " does not exist");
            }
            List<HasMetadata> built = Manifests.layout(dir);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> patches = (List<Map<String, Object>>) k.getOrDefault("patches", List.of());
            for (Map<String, Object> patch : patches) {
                Path patchFile = dir.resolve((String) patch.get("path"));
                assertTrue(Files.isRegularFile(patchFile), file + ": patch " + patchFile + " does not exist");
                @SuppressWarnings("unchecked")
                Map<String, Object> target = (Map<String, Object>) patch.get("target");
                Deployment targetDeployment = deployment(built, (String) target.get("name"));
                Deployment patchDeployment = (Deployment) Manifests.parse(patchFile).getFirst();
                assertEquals(target.get("name"), ManifestRules.name(patchDeployment), patchFile + ": names another Deployment");
                Set<String> containers = containerNames(targetDeployment.getSpec().getTemplate());
                for (Container c : patchDeployment.getSpec().getTemplate().getSpec().getContainers()) {
                    assertTrue(containers.contains(c.getName()), patchFile + ": container " + c.getName()
                            + " is not in Deployment " + target.get("name") + " " + containers);
                }
            }
        }
    }

    @Test
    void gpuRdmaPatchesRequestGpusAndRdmaForTheWorkers() {
        Path sources = K8S.resolve("src/overlays/gpu-rdma");
        for (String worker : List.of("prefill-service", "decode-service")) {
            Deployment patch = (Deployment) Manifests.parse(sources.resolve(worker + ".yaml")).getFirst();
            Container c = patch.getSpec().getTemplate().getSpec().getContainers().getFirst();
            for (String resource : List.of("nvidia.com/gpu", "rdma/hca")) {
                assertTrue(c.getResources().getRequests().containsKey(resource), worker + " requests " + resource);
                assertTrue(c.getResources().getLimits().containsKey(resource), worker + " limits " + resource);
            }
            assertTrue(c.getSecurityContext().getCapabilities().getAdd().contains("IPC_LOCK"), worker + " IPC_LOCK");
            var shm = patch.getSpec().getTemplate().getSpec().getVolumes().getFirst();
            assertEquals("Memory", shm.getEmptyDir().getMedium(), worker + " /dev/shm medium");
            assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/dev/shm")
                    && m.getName().equals(shm.getName())), worker + " mounts /dev/shm");
        }
    }

    @Test
    void roleBasedGroupRunsTheGeneratedPodTemplatesInDependencyOrder() {
        List<HasMetadata> base = Manifests.layout(K8S.resolve("base"));
        List<GenericKubernetesResource> groups = Manifests.ofKind(Manifests.layout(K8S.resolve("rbg")), "RoleBasedGroup");
        assertEquals(1, groups.size());
        List<Map<String, Object>> roles = ManifestRules.roles(groups.getFirst());
        Set<String> services = Manifests.ofType(base, Deployment.class).stream().map(ManifestRules::name)
                .filter(n -> n.endsWith("-service")).collect(Collectors.toSet());
        Set<String> roleNames = roles.stream().map(r -> (String) r.get("name")).collect(Collectors.toSet());
        assertEquals(services.stream().map(s -> s.substring(0, s.length() - "-service".length())).collect(Collectors.toSet()),
                roleNames, "one role per service in base");
        Map<String, String> dependsOn = Map.of("gateway", "decode", "decode", "kv-store", "prefill", "kv-store");
        for (Map<String, Object> role : roles) {
            String name = (String) role.get("name");
            PodTemplateSpec template = Manifests.SERIALIZATION.convertValue(role.get("template"), PodTemplateSpec.class);
            assertEquals(deployment(base, name + "-service").getSpec().getTemplate(), template,
                    "role " + name + " runs the pod template of the generated Deployment");
            @SuppressWarnings("unchecked")
            Map<String, Object> workload = (Map<String, Object>) role.get("workload");
            assertEquals(Map.of("apiVersion", "apps/v1", "kind", "Deployment"), workload, "role " + name);
            List<String> expected = dependsOn.containsKey(name) && roleNames.contains(dependsOn.get(name))
                    ? List.of(dependsOn.get(name)) : List.of();
            assertEquals(expected, ManifestRules.dependencies(role), "dependencies of role " + name);
        }
    }

    @Test
    void modelVolumesAreReadOnlyManyAndBindTheClaim() {
        PersistentVolumeClaim claim = Manifests.ofType(Manifests.layout(K8S.resolve("base")), PersistentVolumeClaim.class)
                .stream().filter(c -> ManifestRules.name(c).equals(ManifestRules.MODEL_CLAIM)).findFirst().orElseThrow();
        List<Path> examples = Manifests.yamlFiles(K8S.resolve("model"));
        assertEquals(2, examples.size(), "hostPath and NFS examples");
        for (Path example : examples) {
            PersistentVolume pv = (PersistentVolume) Manifests.parse(example).getFirst();
            assertEquals(claim.getSpec().getVolumeName(), ManifestRules.name(pv), example + ": the claim's volumeName");
            assertEquals(List.of("ReadOnlyMany"), pv.getSpec().getAccessModes(), example.toString());
            assertEquals(claim.getSpec().getStorageClassName(), pv.getSpec().getStorageClassName(), example.toString());
        }
    }

    @Test
    void configPointsTheServicesAtTheBrokerAndTheModel() {
        List<HasMetadata> base = Manifests.layout(K8S.resolve("base"));
        ConfigMap config = Manifests.ofType(base, ConfigMap.class).stream()
                .filter(c -> ManifestRules.name(c).equals("tandem-config")).findFirst().orElseThrow();
        Service broker = Manifests.ofType(base, Service.class).stream()
                .filter(s -> s.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == 5672)).findFirst().orElseThrow();
        assertEquals(ManifestRules.name(broker), config.getData().get("AMQP_HOST"));
        assertEquals("5672", config.getData().get("AMQP_PORT"));
        Deployment brokerDeployment = deployment(base, ManifestRules.name(broker));
        assertTrue(brokerDeployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()
                .startsWith("apache/activemq-artemis:"));
        List<String> models = new ArrayList<>();
        config.getData().forEach((key, value) -> {
            if (key.endsWith("_MODEL") || key.endsWith("_MODEL_DIR")) models.add(value);
        });
        assertFalse(models.isEmpty());
        models.forEach(m -> assertTrue(m.startsWith(ManifestRules.MODEL_MOUNT_PATH + "/"), m + " is on the model volume"));
    }

    /**
     * Every TANDEM_* key of tandem-config is the environment name of a configuration key of its
     * service (tandem.gateway.model-dir -> TANDEM_GATEWAY_MODEL_DIR): one the module's
     * application.properties or README names. A key whose service has no module yet is skipped.
     */
    @Test
    void configKeysAreConfigurationKeysOfTheirServices() {
        Map<String, String> modules = Map.of("TANDEM_KV_", "kv-store-service", "TANDEM_DECODE_", "decode-service",
                "TANDEM_PREFILL_", "prefill-service", "TANDEM_GATEWAY_", "gateway-service");
        Pattern property = Pattern.compile("tandem\\.[a-z0-9][a-z0-9.-]*[a-z0-9]");
        for (String key : GeneratedManifests.tandemConfig().getData().keySet()) {
            if (!key.startsWith("TANDEM_")) continue;
            String module = modules.entrySet().stream().filter(e -> key.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElseThrow(() -> new AssertionError("tandem-config: " + key + " belongs to no service"));
            Path dir = Manifests.root().resolve(module);
            if (!Files.isDirectory(dir)) continue;
            Set<String> names = new TreeSet<>();
            for (Path source : List.of(dir.resolve("src/main/resources/application.properties"), dir.resolve("README.md"))) {
                if (!Files.isRegularFile(source)) continue;
                Matcher m = property.matcher(Manifests.read(source));
                while (m.find()) names.add(GeneratedManifests.envName(m.group()));
            }
            assertTrue(names.contains(key), "tandem-config: " + key + " is no configuration key of " + module
                    + " (by MicroProfile Config's environment mapping its keys are " + names + ")");
        }
    }

    static Deployment deployment(List<HasMetadata> objects, String name) {
        return Manifests.ofType(objects, Deployment.class).stream().filter(d -> ManifestRules.name(d).equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    private static Set<String> containerNames(PodTemplateSpec template) {
        return template.getSpec().getContainers().stream().map(Container::getName).collect(Collectors.toSet());
    }
}
