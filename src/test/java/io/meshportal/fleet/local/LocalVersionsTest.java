package io.meshportal.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.TelemetryJson;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded Service with two versions: the weighted split, the header-pinned route, promotion and roll-back. */
class LocalVersionsTest {

    static final Tuning SLOW = new Tuning(1.5, 0.2, 0.15);

    @Test
    void requestsSplitByWeightAndTheHeaderPinsAVersion() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FactorySpec spec = FactorySpec.furniture("split-1", "Split", "DE");
        try (LocalDeployment d = new LocalDeployment(spec, 2, null, Progress.NONE, meters, Duration.ofSeconds(10));
                HttpClient client = HttpClient.newHttpClient()) {
            d.deployCanary(spec.withVersion("v2", SLOW), 1, Progress.NONE);
            assertThat(d.versions().canary().name()).isEqualTo("v2");
            assertThat(d.versions().canaryWeight()).isZero();
            assertThat(answers(client, d, 100, null)).containsOnlyKeys("v1");

            d.weigh(25);
            int n = 1600;
            Map<String, Integer> seen = answers(client, d, n, null);
            // binomial(1600, 0.25): mean 400, sd about 17.3; five sd either way
            assertThat(seen.get("v2")).isBetween(400 - 87, 400 + 87);
            assertThat(seen.get("v1") + seen.get("v2")).isEqualTo(n);
            // the proxy's own counts (istio_requests_total by destination_version) say the same; the proxy records a
            // request just after answering it, so the last one may land a moment after the client has its answer
            Map<String, Integer> answered = seen;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Map<String, Double> counted = new HashMap<>();
                for (Counter c : meters.find(ProxyMetrics.REQUESTS).counters()) {
                    counted.merge(c.getId().getTag("destination_version"), c.count(), Double::sum);
                }
                assertThat(counted.get("v2")).isEqualTo((double) answered.get("v2"));
                assertThat(counted.get("v1")).isEqualTo(100.0 + answered.get("v1"));
            });

            assertThat(answers(client, d, 60, "v2")).containsOnlyKeys("v2");
            assertThat(answers(client, d, 60, "v1")).containsOnlyKeys("v1");
            assertThat(d.workload("local").replicas())
                    .extracting(r -> r.name() + "=" + r.version())
                    .containsExactly("split-1-0=v1", "split-1-1=v1", "split-1-v2-0=v2");

            d.promote(Progress.NONE);
            assertThat(d.versions().stable().name()).isEqualTo("v2");
            assertThat(d.versions().stable().tuning()).isEqualTo(SLOW);
            assertThat(d.versions().canary()).isNull();
            assertThat(d.workload("local").replicas())
                    .extracting(r -> r.name() + "=" + r.version())
                    .containsExactly("split-1-0=v2", "split-1-1=v2");
            assertThat(answers(client, d, 50, null)).containsOnlyKeys("v2");
            assertThat(answers(client, d, 20, "v1")).as("nothing of v1 is left").containsOnlyKeys("v2");
        }
    }

    @Test
    void aRollBackRemovesTheCanaryAndTheStableKeepsAnswering() throws Exception {
        FactorySpec spec = FactorySpec.furniture("back-1", "Back", "DE");
        try (LocalDeployment d = new LocalDeployment(spec, 1, null, Progress.NONE, null, Duration.ofSeconds(10));
                HttpClient client = HttpClient.newHttpClient()) {
            d.deployCanary(spec.withVersion("v2", SLOW), 2, Progress.NONE);
            assertThatThrownBy(() -> d.deployCanary(spec.withVersion("v3", SLOW), 1, Progress.NONE))
                    .hasMessageContaining("already runs canary v2");
            d.weigh(100);
            assertThat(answers(client, d, 30, null)).containsOnlyKeys("v2");
            d.removeCanary(Progress.NONE);
            assertThat(answers(client, d, 30, null)).containsOnlyKeys("v1");
            assertThat(d.versions()).isEqualTo(new Versions(d.versions().stable(), null, 0));
            assertThatThrownBy(() -> d.weigh(10)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * A version's Istio-named series live as long as it runs: a rolled-back canary's and a promoted-away stable
     * version's leave the registry (so /actuator/prometheus and the mesh signals) at once, a deleted factory's too.
     */
    @Test
    void aRetiredVersionsSeriesAndADeletedFactorysLeaveTheRegistry() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FactorySpec spec = FactorySpec.furniture("retire-1", "Retire", "DE");
        LocalDeployment d = new LocalDeployment(spec, 1, null, Progress.NONE, meters, Duration.ofSeconds(10));
        try (HttpClient client = HttpClient.newHttpClient()) {
            d.deployCanary(spec.withVersion("v2", SLOW), 1, Progress.NONE);
            answers(client, d, 10, "v1");
            answers(client, d, 10, "v2");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(measured(meters)).containsOnly("v1", "v2"));

            d.removeCanary(Progress.NONE);
            assertThat(measured(meters))
                    .as("a rolled-back canary's series are gone")
                    .containsOnly("v1");

            d.deployCanary(spec.withVersion("v3", SLOW), 1, Progress.NONE);
            answers(client, d, 10, "v3");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(measured(meters)).containsOnly("v1", "v3"));
            d.promote(Progress.NONE);
            answers(client, d, 10, null);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                            measured(meters))
                    .as("the stable version a promotion replaced leaves no series")
                    .containsOnly("v3"));
        } finally {
            d.close();
        }
        assertThat(meters.getMeters()).as("a deleted factory leaves no series").isEmpty();
    }

    /** The destination versions the registry holds series of (requests and durations). */
    static java.util.Set<String> measured(SimpleMeterRegistry meters) {
        java.util.Set<String> versions = new java.util.TreeSet<>();
        meters.find(ProxyMetrics.REQUESTS)
                .counters()
                .forEach(c -> versions.add(c.getId().getTag("destination_version")));
        meters.find(ProxyMetrics.DURATION)
                .summaries()
                .forEach(c -> versions.add(c.getId().getTag("destination_version")));
        return versions;
    }

    /** Version → how many of {@code n} telemetry answers came from it. */
    static Map<String, Integer> answers(HttpClient client, LocalDeployment d, int n, String pinned) throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(d.baseUrl() + "api/v1/telemetry"));
            if (pinned != null) {
                request.header(Versions.HEADER, pinned);
            }
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).isEqualTo(200);
            seen.merge(TelemetryJson.read(answer.body()).version(), 1, Integer::sum);
        }
        return seen;
    }
}
