package dev.tandem.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule finds what it is there for: a good layout passes, one broken thing at a time fails. */
class ManifestRulesTest {

    private static final String CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: tandem-config
            data:
              A: b
            ---
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata:
              name: tandem-models
            spec:
              accessModes: [ReadOnlyMany]
              resources:
                requests:
                  storage: 1Gi
            """;

    private static final String GOOD = CONFIG + """
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: decode-service
            spec:
              selector:
                matchLabels:
                  app.kubernetes.io/name: decode-service
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: decode-service
                spec:
                  containers:
                    - name: decode-service
                      image: tandem/decode-service:1
                      envFrom:
                        - configMapRef:
                            name: tandem-config
                      ports:
                        - name: grpc
                          containerPort: 9200
                      readinessProbe:
                        httpGet: {path: /q/health/ready, port: 8200}
                      livenessProbe:
                        httpGet: {path: /q/health/live, port: 8200}
                      volumeMounts:
                        - name: models
                          mountPath: /models
                          readOnly: true
                  volumes:
                    - name: models
                      persistentVolumeClaim:
                        claimName: tandem-models
                        readOnly: true
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: decode-service
            spec:
              selector:
                app.kubernetes.io/name: decode-service
              ports:
                - name: grpc
                  port: 9200
                  targetPort: 9200
            """;

    private static List<String> violations(String yaml) {
        return new ManifestRules(Manifests.parse(yaml)).violations();
    }

    private static void assertViolation(String yaml, String expected) {
        List<String> found = violations(yaml);
        assertTrue(found.stream().anyMatch(v -> v.contains(expected)), "expected a violation containing '" + expected + "', got " + found);
    }

    @Test
    void aGoodLayoutPasses() {
        assertEquals(List.of(), violations(GOOD));
    }

    @Test
    void selectorMustMatchTemplateLabels() {
        assertViolation(GOOD.replaceFirst("matchLabels:\n( +)app.kubernetes.io/name: decode-service",
                "matchLabels:\n$1app.kubernetes.io/name: other"), "does not match template labels");
    }

    @Test
    void containersNeedImagePortsAndProbes() {
        assertViolation(GOOD.replace("image: tandem/decode-service:1", "image: \"\""), "no image");
        assertViolation(GOOD.replace("readinessProbe:", "startupProbe:"), "no readiness probe");
        assertViolation(GOOD.replace("livenessProbe:", "startupProbe:"), "no liveness probe");
    }

    @Test
    void mountsNeedDeclaredVolumes() {
        // The first "- name: models" is the mount, the second the volume.
        assertViolation(GOOD.replaceFirst("- name: models\n", "- name: missing\n"), "which the pod does not declare");
    }

    @Test
    void theModelIsMountedReadOnlyAtModels() {
        // The first "readOnly: true" is the mount's, the second the claim's.
        assertViolation(GOOD.replaceFirst("readOnly: true", "readOnly: false"), "model mount is not readOnly");
        assertViolation(GOOD.replaceFirst("claimName: tandem-models\n +readOnly: true", "claimName: tandem-models"),
                "of claim tandem-models is not readOnly");
        assertViolation(GOOD.replace("mountPath: /models", "mountPath: /data"), "not /models");
        assertViolation(GOOD.replace("accessModes: [ReadOnlyMany]", "accessModes: [ReadWriteOnce]"), "not [ReadOnlyMany]");
    }

    @Test
    void servicesSelectExistingPodsAndPorts() {
        int serviceSelector = GOOD.lastIndexOf("app.kubernetes.io/name: decode-service");
        assertViolation(GOOD.substring(0, serviceSelector) + "app.kubernetes.io/name: gateway-service"
                + GOOD.substring(serviceSelector + "app.kubernetes.io/name: decode-service".length()), "matches no pod template");
        assertViolation(GOOD.replace("targetPort: 9200", "targetPort: 9999"), "which no selected container exposes");
    }

    @Test
    void referencedConfigMapsAndClaimsMustExist() {
        String withoutConfig = GOOD.substring(GOOD.indexOf("---") + 4);
        assertViolation(withoutConfig, "references ConfigMap tandem-config");
        assertViolation(GOOD.replace("name: tandem-models\nspec", "name: other-models\nspec"),
                "references PersistentVolumeClaim tandem-models");
    }

    @Test
    void serviceAccountsAndRoleBindingsNameObjectsOfTheLayout() {
        String rbac = """
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: decode-service
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata:
                  name: endpoints-reader
                rules:
                  - apiGroups: [""]
                    resources: [endpoints, pods]
                    verbs: [get, list, watch]
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleBinding
                metadata:
                  name: decode-service
                roleRef:
                  apiGroup: rbac.authorization.k8s.io
                  kind: Role
                  name: endpoints-reader
                subjects:
                  - kind: ServiceAccount
                    name: decode-service
                """;
        String withAccount = GOOD.replace("      containers:\n", "      serviceAccountName: decode-service\n      containers:\n");
        assertEquals(List.of(), violations(withAccount + rbac));
        assertViolation(withAccount, "references ServiceAccount decode-service");
        assertViolation(withAccount + rbac.replace("name: endpoints-reader\nrules", "name: other\nrules"),
                "RoleBinding decode-service: references Role endpoints-reader");
        assertViolation(GOOD + rbac.replaceFirst("name: decode-service\n", "name: other\n"),
                "RoleBinding decode-service: references ServiceAccount decode-service");
    }

    @Test
    void roleDependenciesNameRolesOfTheGroup() {
        String group = """
                apiVersion: workloads.x-k8s.io/v1alpha1
                kind: RoleBasedGroup
                metadata:
                  name: tandem
                spec:
                  roles:
                    - name: decode
                      replicas: 1
                      dependencies: [kv-store]
                      template:
                        metadata:
                          labels: {app: decode}
                        spec:
                          containers:
                            - name: decode
                              image: tandem/decode-service:1
                              ports: [{containerPort: 9200}]
                              readinessProbe: {tcpSocket: {port: 9200}}
                              livenessProbe: {tcpSocket: {port: 9200}}
                """;
        assertViolation(group, "depends on unknown role kv-store");
        assertEquals(List.of(), violations(group.replace("[kv-store]", "[]")));
        assertViolation(group.replace("[kv-store]", "[]").replace("image: tandem/decode-service:1", "image: \"\""),
                "role decode container decode: no image");
    }
}
