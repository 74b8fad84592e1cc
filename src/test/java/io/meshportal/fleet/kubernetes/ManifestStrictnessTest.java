package io.meshportal.fleet.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every manifest under k8s/ parses strictly into client-java's models: an unknown field (a typo) is an error,
 * not silently dropped as kubectl might with a lenient client.
 */
class ManifestStrictnessTest {

    static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("Deployment", V1Deployment.class),
            Map.entry("Service", V1Service.class),
            Map.entry("ServiceAccount", V1ServiceAccount.class),
            Map.entry("Namespace", V1Namespace.class),
            Map.entry("PersistentVolumeClaim", V1PersistentVolumeClaim.class),
            Map.entry("Role", V1Role.class),
            Map.entry("ClusterRole", V1ClusterRole.class),
            Map.entry("RoleBinding", V1RoleBinding.class),
            Map.entry("ClusterRoleBinding", V1ClusterRoleBinding.class),
            Map.entry("Secret", io.kubernetes.client.openapi.models.V1Secret.class),
            Map.entry("HorizontalPodAutoscaler", io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler.class));
    static final JsonMapper JSON_WRITER = JsonMapper.builder().build();

    @Test
    void everyManifestUnderK8sParsesStrictly() throws IOException {
        List<String> checked = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("k8s"))) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) doc;
                    String kind = (String) m.get("kind");
                    if ("Kustomization".equals(kind)) {
                        assertThat(m.get("apiVersion"))
                                .as(file.toString())
                                .isEqualTo("kustomize.config.k8s.io/v1beta1");
                        checkKustomizationResources(file, m);
                        continue;
                    }
                    assertThat(KINDS).as(file + ": unexpected kind " + kind).containsKey(kind);
                    parse(m, KINDS.get(kind));
                    checked.add(file + "#" + kind);
                }
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void aTypoIsRejected() {
        Map<String, Object> deployment = new Yaml()
                .load(
                        """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: 1
                  selectr: {matchLabels: {a: b}}
                  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}
                """);
        assertThatThrownBy(() -> parse(deployment, V1Deployment.class)).hasMessageContaining("selectr");
    }

    @Test
    void theAdaptersOwnObjectsRoundTripStrictly() {
        var request = new io.meshportal.fleet.NewFactory(
                "gent-1", "Gent", "BE", "be", io.meshportal.fleet.ProductMix.FURNITURE, 2, 1);
        for (Object o : List.of(
                FactoryResources.deployment(request, "factories", "img"),
                FactoryResources.service(request, "factories"),
                FactoryResources.autoscaler("gent-1", "BE", "factories", new io.meshportal.fleet.Autoscaling(1, 3)))) {
            String json = new JSON().serialize(o);
            Object back = JSON.deserialize(json, o.getClass());
            assertThat(back).isEqualTo(o);
            assertThat(json).contains("\"apiVersion\"").contains("\"kind\"");
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkKustomizationResources(Path file, Map<String, Object> kustomization) {
        for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            assertThat(file.getParent().resolve(resource))
                    .as(file + " lists " + resource)
                    .exists();
        }
    }

    static Object parse(Map<String, Object> manifest, Class<?> type) {
        return JSON.deserialize(JSON_WRITER.writeValueAsString(manifest), type);
    }
}
