package dev.tandem.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every Tandem layout must satisfy, checked over the objects one layout creates. Each check
 * returns the violations it found, one line each naming the object; none means the layout passes.
 */
final class ManifestRules {

    /** The claim holding the checkpoints; mounted read-only at {@link #MODEL_MOUNT_PATH}. */
    static final String MODEL_CLAIM = "tandem-models";
    static final String MODEL_MOUNT_PATH = "/models";

    /** A pod template and where it comes from: a Deployment or a RoleBasedGroup role. */
    record Workload(String name, PodTemplateSpec template) {
        Map<String, String> labels() {
            return template.getMetadata() == null || template.getMetadata().getLabels() == null
                    ? Map.of() : template.getMetadata().getLabels();
        }

        PodSpec spec() {
            return template.getSpec();
        }
    }

    private final List<HasMetadata> objects;

    ManifestRules(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    /** Every rule. */
    List<String> violations() {
        List<String> all = new ArrayList<>();
        all.addAll(deploymentSelectors());
        all.addAll(containers());
        all.addAll(volumeMounts());
        all.addAll(modelVolumeReadOnly());
        all.addAll(serviceSelectors());
        all.addAll(references());
        all.addAll(serviceAccounts());
        all.addAll(roleDependencies());
        return all;
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (Deployment d : Manifests.ofType(objects, Deployment.class)) {
            workloads.add(new Workload("Deployment " + name(d), d.getSpec().getTemplate()));
        }
        for (GenericKubernetesResource group : Manifests.ofKind(objects, "RoleBasedGroup")) {
            for (Map<String, Object> role : roles(group)) {
                Object template = role.get("template");
                if (template != null) {
                    workloads.add(new Workload("RoleBasedGroup " + name(group) + " role " + role.get("name"),
                            Manifests.SERIALIZATION.convertValue(template, PodTemplateSpec.class)));
                }
            }
        }
        return workloads;
    }

    List<String> deploymentSelectors() {
        List<String> violations = new ArrayList<>();
        for (Deployment d : Manifests.ofType(objects, Deployment.class)) {
            var selector = d.getSpec().getSelector();
            Map<String, String> match = selector == null ? null : selector.getMatchLabels();
            Map<String, String> labels = d.getSpec().getTemplate().getMetadata() == null
                    ? Map.of() : Objects.requireNonNullElse(d.getSpec().getTemplate().getMetadata().getLabels(), Map.of());
            if (match == null || match.isEmpty()) {
                violations.add("Deployment " + name(d) + ": no spec.selector.matchLabels");
            } else if (!labels.entrySet().containsAll(match.entrySet())) {
                violations.add("Deployment " + name(d) + ": selector " + match + " does not match template labels " + labels);
            }
        }
        return violations;
    }

    List<String> containers() {
        List<String> violations = new ArrayList<>();
        for (Workload w : workloads()) {
            if (w.spec() == null || w.spec().getContainers() == null || w.spec().getContainers().isEmpty()) {
                violations.add(w.name() + ": no containers");
                continue;
            }
            for (Container c : w.spec().getContainers()) {
                String where = w.name() + " container " + c.getName();
                if (c.getImage() == null || c.getImage().isBlank()) violations.add(where + ": no image");
                if (c.getPorts() == null || c.getPorts().isEmpty()) violations.add(where + ": no ports");
                if (c.getReadinessProbe() == null) violations.add(where + ": no readiness probe");
                if (c.getLivenessProbe() == null) violations.add(where + ": no liveness probe");
            }
        }
        return violations;
    }

    List<String> volumeMounts() {
        List<String> violations = new ArrayList<>();
        for (Workload w : workloads()) {
            Set<String> declared = volumes(w).stream().map(Volume::getName).collect(Collectors.toSet());
            for (Container c : containersOf(w)) {
                for (VolumeMount m : Objects.requireNonNullElse(c.getVolumeMounts(), List.<VolumeMount>of())) {
                    if (!declared.contains(m.getName())) {
                        violations.add(w.name() + " container " + c.getName() + ": mount " + m.getMountPath()
                                + " names volume " + m.getName() + ", which the pod does not declare");
                    }
                }
            }
        }
        return violations;
    }

    List<String> modelVolumeReadOnly() {
        List<String> violations = new ArrayList<>();
        for (Workload w : workloads()) {
            for (Volume v : volumes(w)) {
                var claim = v.getPersistentVolumeClaim();
                if (claim == null || !MODEL_CLAIM.equals(claim.getClaimName())) continue;
                if (!Boolean.TRUE.equals(claim.getReadOnly())) {
                    violations.add(w.name() + ": volume " + v.getName() + " of claim " + MODEL_CLAIM + " is not readOnly");
                }
                for (Container c : containersOf(w)) {
                    for (VolumeMount m : Objects.requireNonNullElse(c.getVolumeMounts(), List.<VolumeMount>of())) {
                        if (!m.getName().equals(v.getName())) continue;
                        if (!Boolean.TRUE.equals(m.getReadOnly())) {
                            violations.add(w.name() + " container " + c.getName() + ": model mount is not readOnly");
                        }
                        if (!MODEL_MOUNT_PATH.equals(m.getMountPath())) {
                            violations.add(w.name() + " container " + c.getName() + ": model mounted at "
                                    + m.getMountPath() + ", not " + MODEL_MOUNT_PATH);
                        }
                    }
                }
            }
        }
        for (PersistentVolumeClaim pvc : Manifests.ofType(objects, PersistentVolumeClaim.class)) {
            if (MODEL_CLAIM.equals(name(pvc)) && !List.of("ReadOnlyMany").equals(pvc.getSpec().getAccessModes())) {
                violations.add("PersistentVolumeClaim " + MODEL_CLAIM + ": access modes " + pvc.getSpec().getAccessModes()
                        + ", not [ReadOnlyMany]");
            }
        }
        return violations;
    }

    List<String> serviceSelectors() {
        List<String> violations = new ArrayList<>();
        List<Workload> workloads = workloads();
        for (Service s : Manifests.ofType(objects, Service.class)) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                violations.add("Service " + name(s) + ": no selector");
                continue;
            }
            List<Workload> selected = workloads.stream()
                    .filter(w -> w.labels().entrySet().containsAll(selector.entrySet())).toList();
            if (selected.isEmpty()) {
                violations.add("Service " + name(s) + ": selector " + selector + " matches no pod template");
                continue;
            }
            for (ServicePort port : s.getSpec().getPorts()) {
                if (selected.stream().noneMatch(w -> exposes(w, port.getTargetPort() != null
                        ? port.getTargetPort() : new IntOrString(port.getPort())))) {
                    violations.add("Service " + name(s) + ": port " + port.getName() + " targets "
                            + port.getTargetPort() + ", which no selected container exposes");
                }
            }
        }
        return violations;
    }

    List<String> references() {
        Set<String> configMaps = names(ConfigMap.class);
        Set<String> secrets = names(Secret.class);
        Set<String> claims = names(PersistentVolumeClaim.class);
        List<String> violations = new ArrayList<>();
        for (Workload w : workloads()) {
            for (Container c : containersOf(w)) {
                String where = w.name() + " container " + c.getName();
                for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
                    if (from.getConfigMapRef() != null) require(configMaps, "ConfigMap", from.getConfigMapRef().getName(), where, violations);
                    if (from.getSecretRef() != null) require(secrets, "Secret", from.getSecretRef().getName(), where, violations);
                }
                for (EnvVar env : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
                    var source = env.getValueFrom();
                    if (source == null) continue;
                    if (source.getConfigMapKeyRef() != null) require(configMaps, "ConfigMap", source.getConfigMapKeyRef().getName(), where, violations);
                    if (source.getSecretKeyRef() != null) require(secrets, "Secret", source.getSecretKeyRef().getName(), where, violations);
                }
            }
            for (Volume v : volumes(w)) {
                if (v.getConfigMap() != null) require(configMaps, "ConfigMap", v.getConfigMap().getName(), w.name(), violations);
                if (v.getSecret() != null) require(secrets, "Secret", v.getSecret().getSecretName(), w.name(), violations);
                if (v.getPersistentVolumeClaim() != null) {
                    require(claims, "PersistentVolumeClaim", v.getPersistentVolumeClaim().getClaimName(), w.name(), violations);
                }
            }
        }
        return violations;
    }

    /**
     * A pod's serviceAccountName (other than default) names a ServiceAccount the layout creates, and
     * each RoleBinding binds a Role and ServiceAccounts that the layout creates: the generated RBAC
     * objects of a service (the gateway's, for Stork's Kubernetes discovery) must travel with its pods.
     */
    List<String> serviceAccounts() {
        Set<String> accounts = names(ServiceAccount.class);
        Set<String> roles = names(Role.class);
        List<String> violations = new ArrayList<>();
        for (Workload w : workloads()) {
            String account = w.spec() == null ? null : w.spec().getServiceAccountName();
            if (account != null && !account.equals("default")) require(accounts, "ServiceAccount", account, w.name(), violations);
        }
        for (RoleBinding binding : Manifests.ofType(objects, RoleBinding.class)) {
            String where = "RoleBinding " + name(binding);
            if ("Role".equals(binding.getRoleRef().getKind())) require(roles, "Role", binding.getRoleRef().getName(), where, violations);
            for (Subject subject : Objects.requireNonNullElse(binding.getSubjects(), List.<Subject>of())) {
                if ("ServiceAccount".equals(subject.getKind())) require(accounts, "ServiceAccount", subject.getName(), where, violations);
            }
        }
        return violations;
    }

    List<String> roleDependencies() {
        List<String> violations = new ArrayList<>();
        for (GenericKubernetesResource group : Manifests.ofKind(objects, "RoleBasedGroup")) {
            if (!"workloads.x-k8s.io/v1alpha1".equals(group.getApiVersion())) {
                violations.add("RoleBasedGroup " + name(group) + ": apiVersion " + group.getApiVersion());
            }
            List<Map<String, Object>> roles = roles(group);
            Set<String> names = roles.stream().map(r -> String.valueOf(r.get("name"))).collect(Collectors.toSet());
            for (Map<String, Object> role : roles) {
                String where = "RoleBasedGroup " + name(group) + " role " + role.get("name");
                if (role.get("template") == null) violations.add(where + ": no template");
                if (role.get("replicas") == null) violations.add(where + ": no replicas");
                for (String dependency : dependencies(role)) {
                    if (!names.contains(dependency)) violations.add(where + ": depends on unknown role " + dependency);
                    if (dependency.equals(role.get("name"))) violations.add(where + ": depends on itself");
                }
            }
        }
        return violations;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> roles(GenericKubernetesResource group) {
        Object spec = group.getAdditionalProperties().get("spec");
        Object roles = spec instanceof Map<?, ?> map ? map.get("roles") : null;
        return roles instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    static List<String> dependencies(Map<String, Object> role) {
        return (List<String>) role.getOrDefault("dependencies", List.of());
    }

    private static boolean exposes(Workload w, IntOrString target) {
        for (Container c : containersOf(w)) {
            for (ContainerPort p : Objects.requireNonNullElse(c.getPorts(), List.<ContainerPort>of())) {
                boolean byNumber = target.getIntVal() != null && target.getIntVal().equals(p.getContainerPort());
                boolean byName = target.getStrVal() != null && target.getStrVal().equals(p.getName());
                if (byNumber || byName) return true;
            }
        }
        return false;
    }

    private static List<Container> containersOf(Workload w) {
        return w.spec() == null ? List.of() : Objects.requireNonNullElse(w.spec().getContainers(), List.of());
    }

    private static List<Volume> volumes(Workload w) {
        return w.spec() == null ? List.of() : Objects.requireNonNullElse(w.spec().getVolumes(), List.of());
    }

    private Set<String> names(Class<? extends HasMetadata> type) {
        Set<String> names = new HashSet<>();
        Manifests.ofType(objects, type).forEach(o -> names.add(name(o)));
        return names;
    }

    private static void require(Set<String> existing, String kind, String name, String where, List<String> violations) {
        if (!existing.contains(name)) violations.add(where + ": references " + kind + " " + name + ", which the layout does not create");
    }

    static String name(HasMetadata o) {
        return o.getMetadata() == null ? "<unnamed>" : o.getMetadata().getName();
    }
}
