package io.meshportal.fleet.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.meshportal.PortalApplication;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FleetService;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.ChaosProxy;
import io.meshportal.support.ChaosProxy.Mode;
import io.meshportal.support.ResourceCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Chaos for clusters: the whole portal in Kubernetes mode with two fake API servers, one of them behind a proxy
 * that is made to answer 500, to hang and to drop connections in turn. The healthy cluster stays reachable and
 * every read stays fast; the broken one is marked within 3 s and reachable again within 5 s of the repair; the
 * portal's threads and its connections to the broken server stay bounded.
 */
class ClusterChaosTest {

    static final Viewer OFFICE = new Viewer("chaos-office", Role.OFFICE_MANAGER, null);

    @Test
    void aFailingApiServerIsMarkedAndRecoversWithoutTouchingTheOtherCluster(@TempDir Path dir) throws Exception {
        KubernetesMockServer de = MockClusters.crudServer();
        KubernetesMockServer fr = MockClusters.crudServer();
        try (ChaosProxy frProxy = new ChaosProxy(fr.getPort())) {
            for (var server : Map.of("de", de, "fr", fr).entrySet()) {
                new AppsV1Api(KubernetesFleetTest.client(server.getValue()))
                        .createNamespacedDeployment(
                                "factories",
                                TestClusters.factoryDeployment(
                                        server.getKey() + "-1", server.getKey().toUpperCase()))
                        .execute();
            }
            Map<String, String> servers = new LinkedHashMap<>();
            servers.put("de", de.url("/").replaceAll("/$", ""));
            servers.put("fr", frProxy.url());
            Path kubeconfig = MockClusters.kubeconfig(dir, servers);
            try (var ctx = new SpringApplicationBuilder(PortalApplication.class)
                    .run(
                            "--server.port=0",
                            "--meshportal.data.dir=" + dir.resolve("data"),
                            "--meshportal.fleet.mode=kubernetes",
                            "--meshportal.kubernetes.kubeconfig=" + kubeconfig)) {
                FleetService fleet = ctx.getBean(FleetService.class);
                Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> status(fleet, "de") == ClusterInfo.Status.REACHABLE
                                && status(fleet, "fr") == ClusterInfo.Status.REACHABLE
                                && fleet.workloads(OFFICE).size() == 2);
                Thread.sleep(1000);
                int threadsBefore = ResourceCounts.platformThreads(name -> true);
                List<String> report = new ArrayList<>();
                for (Mode fault : List.of(Mode.ERROR, Mode.HANG, Mode.DROP)) {
                    long broken = System.nanoTime();
                    frProxy.mode(fault);
                    long marked = -1;
                    long slowestRead = 0;
                    int maxThreads = 0;
                    int maxConnections = 0;
                    while (System.nanoTime() - broken < Duration.ofSeconds(6).toNanos()) {
                        long read = System.nanoTime();
                        var clusters = fleet.clusters(OFFICE);
                        var workloads = fleet.workloads(OFFICE);
                        slowestRead = Math.max(slowestRead, System.nanoTime() - read);
                        assertThat(clusters)
                                .filteredOn(c -> c.name().equals("de"))
                                .singleElement()
                                .extracting(ClusterInfo::status)
                                .isEqualTo(ClusterInfo.Status.REACHABLE);
                        assertThat(workloads).anyMatch(w -> w.factoryId().equals("de-1"));
                        if (marked < 0 && status(fleet, "fr") != ClusterInfo.Status.REACHABLE) {
                            marked = System.nanoTime() - broken;
                        }
                        maxThreads = Math.max(maxThreads, ResourceCounts.platformThreads(name -> true));
                        maxConnections = Math.max(maxConnections, ResourceCounts.connectionsTo(Set.of(frProxy.port())));
                        Thread.sleep(50);
                    }
                    long repaired = System.nanoTime();
                    frProxy.mode(Mode.PASS);
                    Awaitility.await()
                            .atMost(Duration.ofSeconds(5))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> status(fleet, "fr") == ClusterInfo.Status.REACHABLE);
                    long recovered = System.nanoTime() - repaired;
                    report.add(String.format(
                            "%s: marked %d ms, recovered %d ms, slowest read %d ms, threads %d→%d, "
                                    + "connections to it ≤ %d",
                            fault,
                            marked / 1_000_000,
                            recovered / 1_000_000,
                            slowestRead / 1_000_000,
                            threadsBefore,
                            maxThreads,
                            maxConnections));
                    assertThat(marked)
                            .as(fault + " marked")
                            .isBetween(0L, Duration.ofSeconds(3).toNanos());
                    assertThat(slowestRead)
                            .as(fault + " slowest read")
                            .isLessThan(Duration.ofMillis(200).toNanos());
                    assertThat(maxThreads).as(fault + " platform threads").isLessThanOrEqualTo(threadsBefore + 10);
                    // one probe in flight at a time, six watches (the events' since the factory page lists them),
                    // a metrics read, the same margin as before: never one per second of failure
                    assertThat(maxConnections).as(fault + " connections").isLessThanOrEqualTo(11);
                }
                report.forEach(System.out::println);
            }
        } finally {
            de.destroy();
            fr.destroy();
        }
    }

    private static ClusterInfo.Status status(FleetService fleet, String name) {
        return fleet.clusters(OFFICE).stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .map(ClusterInfo::status)
                .orElse(null);
    }
}
