package io.meshportal.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.Fault;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Workload;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The embedded Service proxy like a mesh sidecar and a Service: it counts every request it forwards under Istio's
 * names (fault modes included), sends traffic only to ready replicas, and starts a dead replica again.
 */
@SpringBootTest(properties = "meshportal.fleet.local.restart-delay=1s")
class ServiceProxyTest extends TempDataDir {

    @Autowired
    FleetService fleet;

    @Autowired
    LocalFleet local;

    @Autowired
    TestUsers users;

    @Autowired
    MeterRegistry registry;

    Viewer admin;
    final HttpClient client = HttpClient.newHttpClient();

    Viewer admin() {
        users.ensure("proxy-admin", "irrelevant-password-px", Role.ADMIN, null);
        return admin = users.signIn("proxy-admin");
    }

    @AfterEach
    void delete() throws Exception {
        for (String id : new String[] {"proxy-count", "proxy-ready"}) {
            if (fleet.exists(id)) {
                fleet.delete(admin, id, Progress.NONE).get();
            }
        }
        TestUsers.signOut();
    }

    /** Requests the proxy counted from one caller to one factory, by response code. */
    Map<String, Double> counted(String source, String factory) {
        Map<String, Double> byCode = new TreeMap<>();
        for (Counter c : registry.find("istio.requests")
                .tag("source_workload", source)
                .tag("destination_workload", "factory-" + factory)
                .counters()) {
            byCode.merge(
                    c.getId().getTag("response_code") + "/" + c.getId().getTag("response_flags"),
                    c.count(),
                    Double::sum);
        }
        return byCode;
    }

    int call(URI base, String source) throws Exception {
        return client.send(
                        HttpRequest.newBuilder(base.resolve("api/v1/telemetry"))
                                .header("X-Source-Workload", source)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void everyForwardedRequestIsCountedWithItsOutcome() throws Exception {
        FactoryRef ref = fleet.create(
                        admin(),
                        new NewFactory("proxy-count", "Proxy Count", "DE", "local", ProductMix.TABLES, 2, 1),
                        Progress.NONE)
                .get();
        FactoryServer replica = local.replicasOf("proxy-count").getFirst();
        for (int i = 0; i < 7; i++) {
            assertThat(call(ref.telemetryUrl(), "test-client")).isEqualTo(200);
        }
        replica.fault(Fault.ERROR);
        for (int i = 0; i < 3; i++) {
            assertThat(call(ref.telemetryUrl(), "test-client")).isEqualTo(500);
        }
        replica.fault(Fault.GARBAGE);
        for (int i = 0; i < 2; i++) {
            assertThat(call(ref.telemetryUrl(), "test-client")).isEqualTo(200); // garbage body, still a 200
        }
        replica.fault(Fault.NONE);
        // the proxy records a request once it has answered it, as a sidecar does: just after the caller has it
        Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                        counted("test-client", "proxy-count"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("200/-", 9.0, "500/-", 3.0)));
        // the portal's own polls are counted as its own
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> counted("meshportal", "proxy-count").values().stream()
                                .mapToDouble(d -> d)
                                .sum()
                        > 0);

        // a hung replica: it fails its readiness checks and gets no more traffic; the proxy answers 503 (UH)
        replica.fault(Fault.HANG);
        // at once, before its readiness checks have failed: the proxy waits its upstream timeout and answers 504
        assertThat(call(ref.telemetryUrl(), "test-client")).isEqualTo(504);
        Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                        counted("test-client", "proxy-count"))
                .containsEntry("504/UT", 1.0));
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> !ready("proxy-count").getFirst().ready());
        assertThat(call(ref.telemetryUrl(), "test-client")).isEqualTo(503);
        Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(
                        counted("test-client", "proxy-count"))
                .containsEntry("503/UH", 1.0));
        replica.fault(Fault.NONE);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> ready("proxy-count").getFirst().ready());
        assertThat(call(ref.telemetryUrl(), "test-client")).isEqualTo(200);
    }

    @Test
    void aDeadReplicaIsStartedAgainAndItsRestartsCount() throws Exception {
        fleet.create(
                        admin(),
                        new NewFactory("proxy-ready", "Proxy Ready", "DE", "local", ProductMix.TABLES, 2, 2),
                        Progress.NONE)
                .get();
        FactoryServer first = local.replicasOf("proxy-ready").getFirst();
        first.close(); // the process is gone
        Awaitility.await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            assertThat(ready("proxy-ready"))
                    .extracting(Workload.Replica::restarts)
                    .containsExactly(1, 0);
            assertThat(ready("proxy-ready")).allMatch(Workload.Replica::ready);
        });
        assertThat(local.replicasOf("proxy-ready")).doesNotContain(first).hasSize(2);
        Workload w = fleet.workloads(admin).stream()
                .filter(x -> x.factoryId().equals("proxy-ready"))
                .findFirst()
                .orElseThrow();
        assertThat(w.readyReplicas()).isEqualTo(2);
    }

    private java.util.List<Workload.Replica> ready(String factory) {
        return fleet.workloads(admin).stream()
                .filter(w -> w.factoryId().equals(factory))
                .findFirst()
                .orElseThrow()
                .replicas();
    }
}
