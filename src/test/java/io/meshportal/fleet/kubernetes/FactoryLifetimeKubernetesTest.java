package io.meshportal.fleet.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.meshportal.PortalApplication;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.HistoryRange;
import io.meshportal.telemetry.HistoryService;
import io.meshportal.telemetry.rollup.MinuteRow;
import io.meshportal.telemetry.rollup.RollupStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A factory's life in Kubernetes mode is its stable Deployment's uid, through the whole portal against a fake API
 * server: the life is recorded as soon as the portal sees the factory (here it never answers: its service name
 * does not resolve); the Deployment deleted and created again outside the portal (kubectl) is a new life, and the
 * old life's history goes while the fleet's sums keep it; a cluster that only became unreachable (its API server
 * stopped) ends nothing.
 */
class FactoryLifetimeKubernetesTest {

    static final Viewer OFFICE = new Viewer("life-k8s-office", Role.OFFICE_MANAGER, null);
    static final String ID = "bonn-1";

    @Test
    void aDeploymentMadeAgainIsANewLifeAndAnUnreachableClusterEndsNothing(@TempDir Path dir) throws Exception {
        KubernetesMockServer server = MockClusters.crudServer();
        try {
            AppsV1Api apps = new AppsV1Api(KubernetesFleetTest.client(server));
            String firstUid = apply(apps);
            assertThat(firstUid).isNotBlank();
            Path kubeconfig = MockClusters.kubeconfig(dir, Map.of("kind-de", url(server)));
            try (var ctx = new SpringApplicationBuilder(PortalApplication.class)
                    .run(
                            "--server.port=0",
                            "--meshportal.data.dir=" + dir.resolve("data"),
                            "--meshportal.fleet.mode=kubernetes",
                            "--meshportal.kubernetes.kubeconfig=" + kubeconfig)) {
                Fleet fleet = ctx.getBean(Fleet.class);
                RollupStore store = ctx.getBean(RollupStore.class);
                HistoryService history = ctx.getBean(HistoryService.class);

                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> firstUid.equals(life(fleet)));
                Awaitility.await("the life is recorded though the factory never answered")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> firstUid.equals(store.life(ID)));

                long past = minuteNow() - 10;
                store.write(List.of(row(past, 700)));
                HistoryRange around = range(past - 1, past + 2);
                assertThat(history.totals(OFFICE, List.of(ID), around).made()).isEqualTo(700);
                long fleetMade = history.totals(OFFICE, null, around).made();
                assertThat(fleetMade).isGreaterThanOrEqualTo(700);

                // kubectl delete deployment factory-bonn-1; kubectl apply -f factory-bonn-1.yaml
                delete(apps);
                String secondUid = apply(apps);
                assertThat(secondUid).isNotEqualTo(firstUid);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> secondUid.equals(life(fleet)));
                Awaitility.await("the old life's history goes when the new life begins")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> history.totals(OFFICE, List.of(ID), around).made() == 0);
                assertThat(store.life(ID)).isEqualTo(secondUid);
                assertThat(history.totals(OFFICE, null, around).made())
                        .as("the fleet's sums keep what the old life made")
                        .isEqualTo(fleetMade);

                // history of the new life, then the cluster's API server stops
                long later = past + 1;
                store.write(List.of(row(later, 500)));
                server.destroy();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> fleet.clusters().stream()
                        .anyMatch(c -> c.name().equals("kind-de") && c.status() == ClusterInfo.Status.UNREACHABLE));
                Thread.sleep(7_000); // more than a round of the history writer (every 5 s)
                assertThat(life(fleet))
                        .as("an unreachable cluster keeps the factory's life")
                        .isEqualTo(secondUid);
                assertThat(store.life(ID)).isEqualTo(secondUid);
                assertThat(history.totals(OFFICE, List.of(ID), around).made())
                        .as("an unreachable cluster removes no history")
                        .isEqualTo(500);
            }
        } finally {
            try {
                server.destroy();
            } catch (RuntimeException alreadyStopped) {
                // stopped by the test
            }
        }
    }

    /** Creates the factory's Deployment as kubectl apply would; returns the uid the API server gave it. */
    private static String apply(AppsV1Api apps) throws Exception {
        V1Deployment created = apps.createNamespacedDeployment(
                        KubernetesFleetTest.NS, TestClusters.factoryDeployment(ID, "DE"))
                .execute();
        return created.getMetadata().getUid();
    }

    private static void delete(AppsV1Api apps) throws Exception {
        try {
            apps.deleteNamespacedDeployment(FactoryResources.name(ID), KubernetesFleetTest.NS)
                    .execute();
        } catch (RuntimeException answerNotAStatus) {
            // the fake server answers the deleted object where client-java expects a Status: it is deleted
        }
        assertThat(apps.listNamespacedDeployment(KubernetesFleetTest.NS)
                        .execute()
                        .getItems())
                .isEmpty();
    }

    /** The factory's life as the fleet says it, or null while the fleet does not list it. */
    private static String life(Fleet fleet) {
        return fleet.factories().stream()
                .filter(f -> f.id().equals(ID))
                .findFirst()
                .map(FactoryRef::life)
                .orElse(null);
    }

    private static String url(KubernetesMockServer server) {
        return server.url("/").replaceAll("/$", "");
    }

    static long minuteNow() {
        return Math.floorDiv(System.currentTimeMillis(), 60_000L);
    }

    static HistoryRange range(long fromMinute, long toMinute) {
        return new HistoryRange(Instant.ofEpochSecond(fromMinute * 60), Instant.ofEpochSecond(toMinute * 60));
    }

    static MinuteRow row(long minute, long made) {
        return new MinuteRow(
                ID,
                minute,
                made,
                0,
                made * 2.0,
                60,
                60,
                50,
                made,
                made,
                60,
                0,
                0,
                0,
                60,
                0,
                10.0,
                12.0,
                Map.of("table", new long[] {made, 0}));
    }
}
