package io.meshportal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.factory.Tuning;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.mesh.FactorySignals;
import io.meshportal.mesh.MeshSignalsService;
import io.meshportal.mesh.SignalsSnapshot;
import io.meshportal.mesh.TrafficEdge;
import io.meshportal.rollout.RolloutPlan;
import io.meshportal.rollout.RolloutService;
import io.meshportal.rollout.Thresholds;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a deleted factory and a retired version leave behind, on the embedded fleet through the running portal:
 * nothing. A rolled-back canary's Istio series leave /actuator/prometheus as the rollback returns and its rows leave
 * the mesh signals (the Mesh page, the traffic graph, the alert rules) at the next signals round; a deleted factory's
 * series, its per-factory gauges and its signals and graph edge go the same way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RetiredSeriesEndToEndTest extends TempDataDir {

    static final String ID = "gone-1";
    static final String WORKLOAD = "destination_workload=\"factory-" + ID + "\"";

    @LocalServerPort
    int port;

    @Autowired
    FleetService fleet;

    @Autowired
    RolloutService rollouts;

    @Autowired
    MeshSignalsService signals;

    @Autowired
    TestUsers users;

    final HttpClient client = HttpClient.newHttpClient();
    Viewer office;

    @BeforeEach
    void viewer() {
        users.ensure("retired-office", "irrelevant-password-12", Role.OFFICE_MANAGER, null);
        office = users.signIn("retired-office");
        TestUsers.signOut();
    }

    @Test
    void aRetiredVersionAndADeletedFactoryLeaveTheExportAndTheMeshAtOnce() throws Exception {
        fleet.create(office, new NewFactory(ID, "Gone", "DE", "local", ProductMix.TABLES, 1, 1), Progress.NONE)
                .get(60, TimeUnit.SECONDS);
        try {
            rollouts.start(
                    office,
                    ID,
                    new RolloutPlan(
                            new NewVersion("v2", null, Tuning.STANDARD, 1),
                            false,
                            List.of(),
                            null,
                            1,
                            Thresholds.DEFAULTS),
                    Progress.NONE);
            // both versions are polled, each pinned: each has its series and its own row in the signals
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(versionsInExport()).containsExactlyInAnyOrder("v1", "v2");
                assertThat(signals.latest().factories())
                        .filteredOn(f -> f.factoryId().equals(ID))
                        .extracting(FactorySignals::version)
                        .containsExactlyInAnyOrder(null, "v1", "v2");
                assertThat(prometheus()).contains("meshportal_factory_up{factory=\"" + ID + "\"}");
            });

            rollouts.rollBack(office, ID, Progress.NONE);
            Instant rolledBack = Instant.now();
            assertThat(versionsInExport())
                    .as("the rolled-back canary's series left the export")
                    .containsExactly("v1");
            SignalsSnapshot next = nextRound(rolledBack);
            assertThat(next.factories())
                    .filteredOn(f -> f.factoryId().equals(ID))
                    .extracting(FactorySignals::version)
                    .as("one version again: no rows per version")
                    .containsExactly((String) null);
        } finally {
            fleet.delete(office, ID, Progress.NONE).get(60, TimeUnit.SECONDS);
        }
        Instant deleted = Instant.now();
        assertThat(prometheus())
                .as("the deleted factory's Istio series left the export")
                .doesNotContain(WORKLOAD);
        SignalsSnapshot next = nextRound(deleted);
        assertThat(next.factories()).extracting(FactorySignals::factoryId).doesNotContain(ID);
        assertThat(next.edges())
                .as("its edge leaves the traffic graph")
                .extracting(TrafficEdge::factoryId)
                .doesNotContain(ID)
                .isNotEmpty();
        // the portal's own gauges of the factory go at the next telemetry round (every second)
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(prometheus())
                .doesNotContain("factory=\"" + ID + "\""));
    }

    /** The first signals reading taken after {@code moment}. */
    private SignalsSnapshot nextRound(Instant moment) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> signals.latest().at().isAfter(moment));
        SignalsSnapshot s = signals.latest();
        assertThat(s.state()).isEqualTo(SignalsSnapshot.State.READY);
        return s;
    }

    /** The destination versions of the factory's request series at /actuator/prometheus. */
    private List<String> versionsInExport() throws Exception {
        return prometheus()
                .lines()
                .filter(l -> l.startsWith("istio_requests_total{") && l.contains(WORKLOAD))
                .map(l -> l.replaceAll(".*destination_version=\"([^\"]+)\".*", "$1"))
                .distinct()
                .toList();
    }

    private String prometheus() throws Exception {
        return client.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
