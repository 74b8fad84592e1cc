package io.meshportal.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FactorySource;
import io.meshportal.fleet.Versions;
import io.meshportal.mesh.signals.PrometheusSignals;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.IstioExporter;
import io.meshportal.support.PrometheusServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus adapter against a real Prometheus scraping a fixture exporter of Istio-format series: the
 * portal's figures are what rate() and histogram_quantile() over the window must give; a 5xx burst and a slow
 * latency shift show; a hung or stopped Prometheus is marked within 3 s and recovers; a server that is not
 * Prometheus is said so. What Prometheus still holds of a deleted factory or a retired version is not shown.
 */
class PrometheusSignalsTest {

    static final Viewer OFFICE = new Viewer("prom-office", Role.OFFICE_MANAGER, null);
    static final Viewer MANAGER_B = new Viewer("prom-b", Role.FACTORY_MANAGER, "b");
    static final SignalsProperties PROPERTIES = new SignalsProperties(
            null,
            Map.of(),
            Duration.ofSeconds(1),
            Duration.ofMillis(1500),
            Duration.ofSeconds(10),
            Duration.ofSeconds(3));

    /** The fleet as the adapters say it: factories a and b; a runs v1 and v2 until its canary is rolled back. */
    static final class TestFleet implements FactorySource {
        volatile Map<String, Versions> splits = Map.of("a", new Versions(release("v1"), release("v2"), 15));

        @Override
        public List<FactoryRef> factories() {
            return List.of(ref("a"), ref("b"));
        }

        @Override
        public Map<String, Versions> splits() {
            return splits;
        }

        static FactoryRef ref(String id) {
            return new FactoryRef(
                    id, id, "DE", "de", "factories", URI.create("http://factory-" + id + ".factories.svc:8080/"));
        }

        static Versions.Release release(String name) {
            return new Versions.Release(name, "img", null, 1, 1);
        }
    }

    @Test
    void signalsAreWhatPromQlGivesAndAFailingPrometheusIsMarkedQuickly(@TempDir Path dir) throws Exception {
        try (IstioExporter exporter = new IstioExporter();
                PrometheusServer prometheus = PrometheusServer.start(dir, List.of(exporter.target()))) {
            exporter.stream("a", "de", "v1", 10, 200, 7);
            exporter.stream("a", "de", "v1", 1, 503, 7);
            exporter.stream("a", "de", "v2", 2, 200, 30);
            IstioExporter.Stream b = exporter.stream("b", "fr", "v1", 4, 200, 7);
            IstioExporter.Stream bErrors = exporter.stream("b", "fr", "v1", 0, 503, 7);
            // a factory deleted a moment ago: Prometheus still has its series, the fleet no longer has it
            exporter.stream("gone", "de", "v1", 3, 200, 7);
            TestFleet fleet = new TestFleet();
            MeshSignalsService service = new MeshSignalsService(
                    new PrometheusSignals(List.of(prometheus.url()), Duration.ofSeconds(10), Duration.ofMillis(1500)),
                    PROPERTIES,
                    Clock.systemUTC(),
                    fleet);
            // a full window of steady traffic
            Thread.sleep(13_000);
            service.refresh();
            SignalsSnapshot s = service.current(OFFICE);
            assertThat(s.state()).as(s.message()).isEqualTo(SignalsSnapshot.State.READY);

            Signal a = find(s, "a", null);
            // the same PromQL asked directly gives the same rate; with 1 s scrapes and a 10 s window rate() can only
            // extrapolate part of the way to the window's edges, so both sit under the exporter's 13/s (shares and
            // quantiles are ratios of the same extrapolation and come out exact)
            double direct = directRate(prometheus.url(), "factory-a.factories.svc.cluster.local");
            assertThat(a.requestsPerSecond()).isCloseTo(direct, within(direct * 0.05));
            assertThat(a.requestsPerSecond()).isBetween(13 * 0.6, 13 * 1.05);
            assertThat(a.errorPercent()).isCloseTo(100.0 / 13, within(1.0));
            // 11 of 13 per second in (5,10], 2 in (25,50]: p50 = 5 + 5 * 6.5/11, p99 = 25 + 25 * (12.87-11)/2
            assertThat(a.p50Millis()).isCloseTo(5 + 5 * 6.5 / 11, within(0.3));
            assertThat(a.p99Millis()).isCloseTo(25 + 25 * (0.99 * 13 - 11) / 2, within(1.0));
            Signal v1 = find(s, "a", "v1");
            assertThat(v1.requestsPerSecond()).isBetween(11 * 0.6, 11 * 1.05);
            assertThat(v1.errorPercent()).isCloseTo(100.0 / 11, within(1.0));
            assertThat(v1.p99Millis()).isCloseTo(9.95, within(0.1));
            assertThat(find(s, "a", "v2").p50Millis()).isCloseTo(37.5, within(0.1));
            assertThat(s.factories())
                    .filteredOn(f -> f.factoryId().equals("b"))
                    .extracting(FactorySignals::version)
                    .as("one version: no rows per version")
                    .containsExactly((String) null);
            assertThat(s.edges()).extracting(TrafficEdge::factoryId).containsExactlyInAnyOrder("a", "b");
            assertThat(s.factories())
                    .as("a deleted factory's series are not shown")
                    .extracting(FactorySignals::factoryId)
                    .doesNotContain("gone");
            assertThat(s.edges()).allSatisfy(e -> {
                assertThat(e.source()).isEqualTo("meshportal");
                assertThat(e.mutualTls()).isTrue();
            });
            assertThat(s.edges())
                    .filteredOn(e -> e.factoryId().equals("b"))
                    .singleElement()
                    .extracting(TrafficEdge::cluster)
                    .isEqualTo("fr");
            // a factory manager sees only their factory
            assertThat(service.current(MANAGER_B).factories())
                    .extracting(FactorySignals::factoryId)
                    .containsOnly("b");
            assertThat(service.current(MANAGER_B).edges())
                    .extracting(TrafficEdge::factoryId)
                    .containsOnly("b");

            // a 5xx burst and a slow latency shift on b
            bErrors.set(4, 7);
            b.set(4, 300);
            Thread.sleep(12_000);
            service.refresh();
            Signal burst = find(service.current(OFFICE), "b", null);
            assertThat(burst.errorPercent()).isCloseTo(50, within(5.0));
            assertThat(burst.p99Millis()).isGreaterThan(250);
            assertThat(burst.health()).isEqualTo(Signal.Health.FAILING);

            // a's canary rolled back: Prometheus still has v2's series for its window, the page shows one version
            fleet.splits = Map.of();
            service.refresh();
            assertThat(service.current(OFFICE).factories())
                    .filteredOn(f -> f.factoryId().equals("a"))
                    .extracting(FactorySignals::version)
                    .as("a retired version's rows are gone at the next read")
                    .containsExactly((String) null);

            // hung: accepts connections, never answers
            prometheus.hang();
            long hung = System.nanoTime();
            service.refresh();
            assertThat(service.current(OFFICE).state()).isEqualTo(SignalsSnapshot.State.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - hung)).isLessThan(Duration.ofSeconds(3));
            assertThat(service.current(OFFICE).message()).contains("no answer");
            prometheus.resume();
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                service.refresh();
                assertThat(service.current(OFFICE).state()).isEqualTo(SignalsSnapshot.State.READY);
            });
        }
        // stopped: nothing listens any more
        MeshSignalsService gone = new MeshSignalsService(
                new PrometheusSignals(
                        List.of(URI.create("http://127.0.0.1:1/")), Duration.ofSeconds(10), Duration.ofMillis(1500)),
                PROPERTIES,
                Clock.systemUTC(),
                new TestFleet());
        long started = System.nanoTime();
        gone.refresh();
        assertThat(gone.current(OFFICE).state()).isEqualTo(SignalsSnapshot.State.DOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aServerThatIsNotPrometheusIsSaidSo() throws Exception {
        try (IstioExporter notPrometheus = new IstioExporter()) {
            MeshSignalsService service = new MeshSignalsService(
                    new PrometheusSignals(
                            List.of(URI.create("http://" + notPrometheus.target() + "/")),
                            Duration.ofSeconds(10),
                            Duration.ofMillis(1500)),
                    PROPERTIES,
                    Clock.systemUTC(),
                    new TestFleet());
            service.refresh();
            SignalsSnapshot s = service.current(OFFICE);
            assertThat(s.state()).isEqualTo(SignalsSnapshot.State.DOWN);
            assertThat(s.message()).contains("did not answer as Prometheus does");
        }
    }

    /** sum(rate(...)) for one destination, straight from Prometheus's HTTP API. */
    private static double directRate(URI prometheus, String service) throws Exception {
        String promql =
                "sum(rate(istio_requests_total{reporter=\"source\",destination_service=\"" + service + "\"}[10s]))";
        String body = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(prometheus.resolve("api/v1/query?query="
                                        + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8)))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        var value = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(body)
                .path("data")
                .path("result")
                .get(0)
                .path("value")
                .get(1)
                .asText();
        return Double.parseDouble(value);
    }

    private static Signal find(SignalsSnapshot s, String factory, String version) {
        return s.factories().stream()
                .filter(f -> f.factoryId().equals(factory) && java.util.Objects.equals(f.version(), version))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no signals for " + factory + " " + version + ": " + s.factories()))
                .signal();
    }
}
