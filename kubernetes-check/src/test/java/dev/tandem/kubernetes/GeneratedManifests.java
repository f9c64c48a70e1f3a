package dev.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A service module's freshly generated manifests (target/kubernetes/kubernetes.yml) and its committed copy. */
record GeneratedManifests(String module) {

    Path generatedFile() {
        return Manifests.root().resolve(module + "/target/kubernetes/kubernetes.yml");
    }

    Path assembledFile() {
        return Manifests.kubernetesDir().resolve("base/" + module + ".yaml");
    }

    List<HasMetadata> objects() {
        assertTrue(Files.isRegularFile(generatedFile()), generatedFile() + " is missing: package " + module + " first");
        return Manifests.parse(generatedFile());
    }

    Deployment deployment() {
        return KubernetesLayoutTest.deployment(objects(), module);
    }

    Container container() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    Volume volumeMountedAt(String path) {
        Deployment d = deployment();
        String name = container().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(module + ": nothing mounted at " + path)).getName();
        return d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(module + ": no volume " + name));
    }

    /** The module's src/main/resources/application.properties (profile-prefixed keys kept as they are). */
    Properties applicationProperties() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(
                    Manifests.root().resolve(module + "/src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The committed tandem-config ConfigMap (base/common). */
    static ConfigMap tandemConfig() {
        return Manifests.ofType(Manifests.layout(Manifests.kubernetesDir().resolve("base/common")), ConfigMap.class).stream()
                .filter(c -> ManifestRules.name(c).equals("tandem-config")).findFirst().orElseThrow();
    }

    /**
     * Prefill and decode agree on the KV layout as configured in the cluster (tandem-config, else each
     * module's application.properties): a prefill task carries a fingerprint of model, KV dtype and
     * block size, and a worker refuses a task whose fingerprint is not its own.
     */
    static void kvLayoutsOfPrefillAndDecodeAgree() {
        Map<String, String> data = tandemConfig().getData();
        Properties decode = new GeneratedManifests("decode-service").applicationProperties();
        Properties prefill = new GeneratedManifests("prefill-service").applicationProperties();
        String decodeDtype = data.getOrDefault(envName("tandem.decode.kv.dtype"), decode.getProperty("tandem.decode.kv.dtype"));
        String prefillDtype = data.getOrDefault(envName("tandem.prefill.engine.kv-dtype"), prefill.getProperty("tandem.prefill.engine.kv-dtype"));
        assertNotNull(decodeDtype, "decode's KV dtype");
        assertEquals(decodeDtype, prefillDtype, "prefill's KV dtype is decode's");
        String decodeBlock = data.getOrDefault(envName("tandem.decode.kv.block-size"), decode.getProperty("tandem.decode.kv.block-size"));
        String prefillBlock = data.getOrDefault(envName("tandem.prefill.engine.block-size"), prefill.getProperty("tandem.prefill.engine.block-size"));
        assertNotNull(decodeBlock, "decode's KV block size");
        assertEquals(decodeBlock, prefillBlock, "prefill's KV block size is decode's");
    }

    /** The port of the Service {@code service} in base named {@code portName}. */
    static int servicePort(String service, String portName) {
        List<HasMetadata> base = Manifests.layout(Manifests.kubernetesDir().resolve("base"));
        Service s = Manifests.ofType(base, Service.class).stream().filter(o -> ManifestRules.name(o).equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no Service " + service + " in base"));
        return s.getSpec().getPorts().stream().filter(p -> portName.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("Service " + service + " has no port " + portName)).getPort();
    }

    /** MicroProfile Config's environment variable name for a property: upper case, non-alphanumerics as _. */
    static String envName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    void passesTheRulesWithTheCommonObjects() {
        List<HasMetadata> all = new ArrayList<>(objects());
        all.addAll(Manifests.layout(Manifests.kubernetesDir().resolve("base/common")));
        assertEquals(List.of(), new ManifestRules(all).violations());
    }

    /** The committed copy holds the same objects as a fresh generation (ports compared by name). */
    void committedCopyIsTheFreshGeneration() {
        String committed = Manifests.read(assembledFile());
        assertTrue(committed.startsWith(Manifests.BANNER_START + module + "/src/main/kubernetes" + Manifests.BANNER_END),
                assembledFile() + " lacks its banner");
        assertEquals(Manifests.portsByName(objects()), Manifests.portsByName(Manifests.parse(assembledFile())),
                assembledFile() + " differs from a fresh generation: run kubernetes/assemble.sh (and never edit it by hand)");
    }
}
