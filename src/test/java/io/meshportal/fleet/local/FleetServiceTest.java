package io.meshportal.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FleetRequestException;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.ProductMix;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Workload;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Fleet changes through the service, against the real embedded fleet and a real SQLite file. */
@SpringBootTest
class FleetServiceTest extends TempDataDir {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Autowired
    FleetService fleet;

    @Autowired
    LocalFactoryRepository repository;

    @Autowired
    TestUsers users;

    @Autowired
    AuditLog audit;

    Viewer office;
    Viewer admin;
    Viewer managerLyon;

    @BeforeEach
    void viewers() {
        users.ensure("fleet-office", "irrelevant-password-5", Role.OFFICE_MANAGER, null);
        users.ensure("fleet-admin", "irrelevant-password-6", Role.ADMIN, null);
        users.ensure("fleet-lyon", "irrelevant-password-7", Role.FACTORY_MANAGER, "lyon-1");
        office = users.signIn("fleet-office");
        admin = users.signIn("fleet-admin");
        managerLyon = users.signIn("fleet-lyon");
        TestUsers.signOut();
    }

    @Test
    void createServesTelemetryAndDeleteStopsItAndFreesThePort() throws Exception {
        List<String> steps = new CopyOnWriteArrayList<>();
        FactoryRef ref = fleet.create(office, request("oslo-7", 2), steps::add).get();
        assertThat(steps).anyMatch(s -> s.startsWith("Starting replica 2 of 2"));
        assertThat(repository.existsById("oslo-7")).isTrue();
        HttpResponse<String> telemetry = get(ref.telemetryUrl().resolve("api/v1/telemetry"));
        assertThat(telemetry.statusCode()).isEqualTo(200);
        assertThat(telemetry.body()).contains("\"factoryId\":\"oslo-7\"").contains("\"country\":\"NO\"");
        Workload workload = workload("oslo-7");
        assertThat(workload.desiredReplicas()).isEqualTo(2);
        List<String> replicaUrls =
                workload.replicas().stream().map(Workload.Replica::endpoint).toList();

        fleet.delete(office, "oslo-7", Progress.NONE).get();
        assertThat(repository.existsById("oslo-7")).isFalse();
        assertThat(fleet.exists("oslo-7")).isFalse();
        for (String url : replicaUrls.isEmpty() ? List.<String>of() : new ArrayList<>(replicaUrls)) {
            assertThatThrownBy(() -> get(URI.create(url + "/healthz"))).isInstanceOf(java.io.IOException.class);
        }
        assertThatThrownBy(() -> get(ref.telemetryUrl().resolve("healthz"))).isInstanceOf(java.io.IOException.class);
        try (var socket =
                new java.net.ServerSocket(ref.telemetryUrl().getPort(), 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(ref.telemetryUrl().getPort()); // the port is free again
        }
    }

    @Test
    void scalingChangesTheRunningInstances() throws Exception {
        fleet.create(office, request("bergen-3", 1), Progress.NONE).get();
        try {
            fleet.scale(office, "bergen-3", 3, Progress.NONE).get();
            Workload scaled = workload("bergen-3");
            assertThat(scaled.replicas())
                    .hasSize(3)
                    .extracting(Workload.Replica::endpoint)
                    .doesNotHaveDuplicates();
            for (Workload.Replica r : scaled.replicas()) {
                assertThat(get(URI.create(r.endpoint() + "/api/v1/telemetry")).body())
                        .contains("bergen-3");
            }
            assertThat(repository.findById("bergen-3").orElseThrow().replicas()).isEqualTo(3);
            fleet.scale(office, "bergen-3", 1, Progress.NONE).get();
            assertThat(workload("bergen-3").replicas()).hasSize(1);
            fleet.autoscale(office, "bergen-3", new Autoscaling(2, 4)).get();
            assertThat(workload("bergen-3").replicas()).hasSize(2);
            assertThat(workload("bergen-3").autoscaling()).isEqualTo(new Autoscaling(2, 4));
            fleet.restart(office, "bergen-3", Progress.NONE).get();
            assertThat(workload("bergen-3").replicas()).hasSize(2);
            assertThat(get(URI.create(workload("bergen-3").replicas().getFirst().endpoint() + "/healthz"))
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            fleet.delete(office, "bergen-3", Progress.NONE).get();
        }
    }

    @Test
    void fleetViewsHearOfEachChangeWithinASecond() throws Exception {
        java.util.concurrent.BlockingQueue<Long> heard = new java.util.concurrent.LinkedBlockingQueue<>();
        var registration = fleet.subscribe(office, () -> heard.add(System.nanoTime()));
        try {
            for (int replicas : new int[] {2, 1}) {
                heard.clear();
                long before = System.nanoTime();
                fleet.scale(office, "krakow-1", replicas, Progress.NONE).get();
                Long at = heard.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(at)
                        .as("a change signal after scaling to " + replicas)
                        .isNotNull();
                assertThat(at).isGreaterThan(before);
            }
        } finally {
            registration.remove();
        }
        assertThatThrownBy(() -> fleet.subscribe(null, () -> {})).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void invalidRequestsAreRefusedWithAReasonPerFieldAndNothingIsStored() {
        long before = repository.count();
        int running = fleet.workloads(office).size();
        var bad = new NewFactory("Bad_Id", " ", "Norway", "local", null, 0, 99);
        assertThatThrownBy(() -> fleet.create(office, bad, Progress.NONE))
                .isInstanceOfSatisfying(FleetRequestException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("id", "name", "country", "mix", "capacity", "replicas"));
        assertThatThrownBy(() -> fleet.create(office, request("berlin-1", 1), Progress.NONE))
                .isInstanceOfSatisfying(
                        FleetRequestException.class,
                        e -> assertThat(e.problems().get("id")).contains("already exists"));
        assertThatThrownBy(() -> fleet.create(
                        office, new NewFactory("mars-1", "Mars", "NO", "mars", ProductMix.TABLES, 1, 1), Progress.NONE))
                .isInstanceOfSatisfying(FleetRequestException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("cluster"));
        assertThatThrownBy(() -> fleet.create(office, request("x".repeat(41), 1), Progress.NONE))
                .isInstanceOf(FleetRequestException.class);
        assertThatThrownBy(() -> fleet.scale(office, "berlin-1", 0, Progress.NONE))
                .isInstanceOf(FleetRequestException.class);
        assertThatThrownBy(() -> fleet.autoscale(office, "berlin-1", new Autoscaling(3, 2)))
                .isInstanceOf(FleetRequestException.class);
        assertThat(repository.count()).isEqualTo(before);
        assertThat(fleet.workloads(office)).hasSize(running);
    }

    @Test
    void aFactoryManagerCannotCreateDeleteOrTouchAnotherFactory() throws Exception {
        assertThatThrownBy(() -> fleet.create(managerLyon, request("sneaky-1", 1), Progress.NONE))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fleet.delete(managerLyon, "lyon-1", Progress.NONE))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fleet.scale(managerLyon, "berlin-1", 2, Progress.NONE))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fleet.restart(managerLyon, "berlin-1", Progress.NONE))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> fleet.autoscale(managerLyon, "berlin-1", null))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(fleet.workloads(managerLyon)).extracting(Workload::factoryId).containsExactly("lyon-1");
        assertThat(fleet.clusters(managerLyon)).isEmpty();
        assertThat(repository.existsById("sneaky-1")).isFalse();
        // their own factory they may operate
        fleet.restart(managerLyon, "lyon-1", Progress.NONE).get();
        assertThat(audit.recent(admin, 50))
                .anySatisfy(r -> {
                    assertThat(r.actor()).isEqualTo("fleet-lyon");
                    assertThat(r.action()).isEqualTo("factory.create");
                    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.DENIED);
                })
                .anySatisfy(r -> {
                    assertThat(r.action()).isEqualTo("factory.restart");
                    assertThat(r.target()).isEqualTo("lyon-1");
                    assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.SUCCESS);
                });
        assertThatThrownBy(() -> audit.recent(managerLyon, 10)).isInstanceOf(AccessDeniedException.class);
    }

    private Workload workload(String id) {
        return fleet.workloads(office).stream()
                .filter(w -> w.factoryId().equals(id))
                .findFirst()
                .orElseThrow();
    }

    static NewFactory request(String id, int replicas) {
        return new NewFactory(id, "Factory " + id, "NO", "local", ProductMix.TABLES, 3, replicas);
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
