package io.meshportal.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.meshportal.PortalApplication;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.fleet.MtlsMode;
import io.meshportal.fleet.TrafficPort;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Apply and read traffic policy through the portal against a fake API server holding Istio custom resources. */
class MeshServiceTest {

    static final Viewer OFFICE = new Viewer("mesh-office", Role.OFFICE_MANAGER, null);
    static final Viewer MANAGER = new Viewer("mesh-manager", Role.FACTORY_MANAGER, "gent-1");
    static final Viewer OTHER_MANAGER = new Viewer("mesh-other", Role.FACTORY_MANAGER, "bonn-1");

    @Test
    void applyReadDriftAndAuthorization(@TempDir Path dir) throws Exception {
        KubernetesMockServer server = io.meshportal.fleet.kubernetes.TestClusters.crudServer();
        io.meshportal.fleet.kubernetes.TestClusters.withIstio(server);
        try {
            ApiClient client = ClientBuilder.standard()
                    .setBasePath(server.url("/").replaceAll("/$", ""))
                    .build();
            client.setUserAgent("mesh-test-setup");
            Path kubeconfig = io.meshportal.fleet.kubernetes.TestClusters.kubeconfig(
                    dir, Map.of("kind-be", server.url("/").replaceAll("/$", "")));
            new AppsV1Api(client)
                    .createNamespacedDeployment(
                            "factories", io.meshportal.fleet.kubernetes.TestClusters.factoryDeployment("gent-1", "BE"))
                    .execute();
            try (var ctx = new SpringApplicationBuilder(PortalApplication.class)
                    .run(
                            "--server.port=0",
                            "--meshportal.data.dir=" + dir.resolve("data"),
                            "--meshportal.fleet.mode=kubernetes",
                            "--meshportal.kubernetes.kubeconfig=" + kubeconfig)) {
                MeshService mesh = ctx.getBean(MeshService.class);
                AuditLog audit = ctx.getBean(AuditLog.class);
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> mesh.overview(OFFICE).stream()
                        .anyMatch(r -> r.factoryId().equals("gent-1")));
                assertThat(mesh.state(OFFICE, "gent-1").policy()).isNull();

                MeshPolicy policy = TrafficMappingTest.canary();
                assertThatThrownBy(() -> mesh.apply(MANAGER, "gent-1", policy))
                        .isInstanceOf(AccessDeniedException.class);
                assertThatThrownBy(() -> mesh.state(OTHER_MANAGER, "gent-1")).isInstanceOf(AccessDeniedException.class);
                var invalid = new MeshPolicy(
                        Duration.ZERO,
                        0,
                        null,
                        null,
                        1,
                        1,
                        1,
                        Duration.ofSeconds(1),
                        "v1",
                        null,
                        70,
                        20,
                        MtlsMode.STRICT,
                        List.of());
                assertThatThrownBy(() -> mesh.apply(OFFICE, "gent-1", invalid))
                        // the split is not the form's to set (rollouts own it): only the timeout is wrong here
                        .isInstanceOfSatisfying(MeshRequestException.class, e -> assertThat(e.problems())
                                .containsOnlyKeys("timeout"));
                assertThat(new CustomObjectsApi(client)
                                .listNamespacedCustomObject("networking.istio.io", "v1", "factories", "virtualservices")
                                .execute()
                                .toString())
                        .doesNotContain("factory-gent-1");

                mesh.apply(OFFICE, "gent-1", policy);
                MeshState state = mesh.state(MANAGER, "gent-1"); // the factory's manager may view it
                // everything as applied, except the split: all requests to the one version that runs
                assertThat(state.policy())
                        .usingRecursiveComparison()
                        .ignoringFields("stableWeight", "canaryWeight")
                        .isEqualTo(policy);
                assertThat(state.policy().stableWeight()).isEqualTo(100);
                assertThat(state.policy().canaryWeight()).isZero();
                assertThat(state.kinds())
                        .contains("VirtualService", "DestinationRule", "PeerAuthentication", "AuthorizationPolicy");
                assertThat(state.drift()).isEmpty();
                assertThat(mesh.overview(OFFICE)).anySatisfy(r -> {
                    assertThat(r.factoryId()).isEqualTo("gent-1");
                    assertThat(r.mtls()).isEqualTo(MtlsMode.STRICT);
                    assertThat(r.hasPolicy()).isTrue();
                });

                // someone edits the VirtualService by hand: the portal shows the drift
                String patch = "[{\"op\":\"replace\",\"path\":\"/spec/http/1/timeout\",\"value\":\"30s\"}]";
                PatchUtils.patch(
                        Object.class,
                        () -> new CustomObjectsApi(client)
                                .patchNamespacedCustomObject(
                                        "networking.istio.io",
                                        "v1",
                                        "factories",
                                        "virtualservices",
                                        "factory-gent-1",
                                        new V1Patch(patch))
                                .buildCall(null),
                        V1Patch.PATCH_FORMAT_JSON_PATCH,
                        client);
                assertThat(mesh.state(OFFICE, "gent-1").drift())
                        .singleElement()
                        .asString()
                        .startsWith("timeout: applied PT3S, now PT30S");

                // re-applying without principals removes the access policy
                mesh.apply(
                        OFFICE,
                        "gent-1",
                        new MeshPolicy(
                                Duration.ofSeconds(3),
                                0,
                                null,
                                null,
                                10,
                                10,
                                5,
                                Duration.ofSeconds(30),
                                "v1",
                                null,
                                100,
                                0,
                                MtlsMode.PERMISSIVE,
                                List.of()));
                assertThat(mesh.state(OFFICE, "gent-1").kinds()).doesNotContain("AuthorizationPolicy");
                assertThat(mesh.state(OFFICE, "gent-1").drift()).isEmpty();
                assertThat(audit.recent(OFFICE, 20))
                        .extracting(AuditRecord::action, AuditRecord::outcome)
                        .contains(
                                org.assertj.core.groups.Tuple.tuple("mesh.apply", AuditRecord.Outcome.SUCCESS),
                                org.assertj.core.groups.Tuple.tuple("mesh.apply", AuditRecord.Outcome.DENIED),
                                org.assertj.core.groups.Tuple.tuple("mesh.apply", AuditRecord.Outcome.FAILURE));
                // every call the portal made for the mesh is allowed by its RBAC
                var calls = io.meshportal.fleet.kubernetes.TestClusters.observedCalls(server, "mesh-test-setup");
                assertThat(calls)
                        .contains(
                                "networking.istio.io/virtualservices:create",
                                "networking.istio.io/virtualservices:update",
                                "security.istio.io/authorizationpolicies:delete");
                assertThat(io.meshportal.fleet.kubernetes.TestClusters.allowedByRbac())
                        .containsAll(calls);
            }
        } finally {
            server.destroy();
        }
    }

    @Test
    void embeddedModeExplainsAndShowsClientSideResilience() {
        MeshService local = new MeshService(
                () -> List.of(), TrafficPort.NONE, null, io.meshportal.telemetry.TelemetryProperties.defaults());
        assertThat(local.supported()).isFalse();
        assertThat(local.clientResilience())
                .containsKeys("Timeout per poll (resilience4j TimeLimiter)", "Circuit breaker", "Bulkhead");
        assertThat(Files.exists(Path.of("istio/mesh/peer-authentication.yaml"))).isTrue();
    }
}
