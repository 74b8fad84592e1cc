package io.meshportal.fleet.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.meshportal.PortalApplication;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryStatus;
import io.meshportal.telemetry.TelemetryService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The whole portal with meshportal.fleet.mode=kubernetes against a fake API server. */
class KubernetesModeTest {

    static final Viewer OFFICE = new Viewer("k8s-office", Role.OFFICE_MANAGER, null);

    @Test
    void thePortalRunsItsFleetFromKubernetes(@TempDir Path dir) throws Exception {
        KubernetesMockServer server = MockClusters.crudServer();
        try {
            Path kubeconfig = MockClusters.kubeconfig(
                    dir, Map.of("kind-de", server.url("/").replaceAll("/$", "")));
            try (var ctx = new SpringApplicationBuilder(PortalApplication.class)
                    .run(
                            "--server.port=0",
                            "--meshportal.data.dir=" + dir.resolve("data"),
                            "--meshportal.fleet.mode=kubernetes",
                            "--meshportal.kubernetes.kubeconfig=" + kubeconfig,
                            "--meshportal.kubernetes.rollout-timeout=1s")) {
                FleetService fleet = ctx.getBean(FleetService.class);
                assertThat(ctx.getBeansOfType(io.meshportal.fleet.Fleet.class).values())
                        .singleElement()
                        .isInstanceOf(KubernetesFleet.class);
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> fleet.clusters(OFFICE).stream()
                        .anyMatch(c -> c.name().equals("kind-de")
                                && c.status() == io.meshportal.fleet.ClusterInfo.Status.REACHABLE));
                // a factory deployed by someone else (kubectl apply) shows up, and its telemetry is polled:
                // its service name does not resolve here, so it is marked DOWN — and nothing else breaks
                var request = new NewFactory("bonn-1", "Bonn", "DE", "kind-de", ProductMix.TABLES, 1, 1);
                new AppsV1Api(KubernetesFleetTest.client(server))
                        .createNamespacedDeployment(
                                "factories", FactoryResources.deployment(request, "factories", "img"))
                        .execute();
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> fleet.workloads(OFFICE).stream()
                        .anyMatch(w -> w.factoryId().equals("bonn-1")));
                TelemetryService telemetry = ctx.getBean(TelemetryService.class);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> telemetry.current(OFFICE).factories().stream()
                                .anyMatch(f ->
                                        f.id().equals("bonn-1") && f.health().status() == FactoryStatus.DOWN));
            }
        } finally {
            server.destroy();
        }
    }
}
