package io.meshportal.mesh.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meshportal.mesh.FactorySignals;
import io.meshportal.mesh.SignalsSource;
import io.meshportal.mesh.TrafficEdge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rates, error shares and quantiles from meters recorded under Istio's names, as PromQL would compute them. */
class EmbeddedSignalsTest {

    static final double[] BUCKETS = {0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    static void request(MeterRegistry registry, String factory, String version, int code, double millis) {
        String[] tags = {
            "reporter",
            "source",
            "source_workload",
            "meshportal",
            "destination_workload",
            "factory-" + factory,
            "destination_version",
            version,
            "destination_cluster",
            "local"
        };
        Counter.builder(EmbeddedSignals.REQUESTS)
                .tags(tags)
                .tag("response_code", String.valueOf(code))
                .tag("response_flags", code == 0 ? "UF" : "-")
                .register(registry)
                .increment();
        DistributionSummary.builder(EmbeddedSignals.DURATION)
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(millis);
    }

    @Test
    void ratesErrorsAndQuantilesOverTheWindow() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedSignals signals = new EmbeddedSignals(registry, Duration.ofSeconds(3));
        request(registry, "a", "v1", 200, 7); // before the window: not counted
        assertThat(signals.read().factories()).isEmpty(); // the first read is the baseline
        long started = System.nanoTime();
        for (int i = 0; i < 80; i++) {
            request(registry, "a", "v1", 200, 7.5); // in (5, 10]
        }
        for (int i = 0; i < 10; i++) {
            request(registry, "a", "v1", 503, 300); // in (250, 500]
        }
        for (int i = 0; i < 10; i++) {
            request(registry, "a", "v2", 0, 2); // no upstream answered: an error too
        }
        Thread.sleep(500);
        SignalsSource.Readings r = signals.read();
        double seconds = (System.nanoTime() - started) / 1e9;
        FactorySignals all = r.factories().stream()
                .filter(f -> f.version() == null)
                .findFirst()
                .orElseThrow();
        assertThat(all.factoryId()).isEqualTo("a");
        assertThat(all.cluster()).isEqualTo("local");
        assertThat(all.signal().requestsPerSecond()).isCloseTo(100 / seconds, within(100 / seconds * 0.2));
        assertThat(all.signal().errorPercent()).isCloseTo(20.0, within(0.01));
        // 100 requests: rank 50 → 10 in (1,5] and 40 of 80 in (5,10]: 5 + 5 * 40/80 = 7.5
        assertThat(all.signal().p50Millis()).isCloseTo(7.5, within(0.01));
        // rank 99 → the 9th of 10 in (250,500]: 250 + 250 * 9/10 = 475
        assertThat(all.signal().p99Millis()).isCloseTo(475, within(0.01));
        // two versions: each has its own row
        assertThat(r.factories()).extracting(FactorySignals::version).containsExactlyInAnyOrder(null, "v1", "v2");
        assertThat(r.factories().stream()
                        .filter(f -> "v2".equals(f.version()))
                        .findFirst()
                        .orElseThrow()
                        .signal()
                        .errorPercent())
                .isEqualTo(100.0);
        assertThat(r.edges()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("meshportal");
            assertThat(e.factoryId()).isEqualTo("a");
            assertThat(e.mutualTls()).isFalse();
        });

        // a window later, with no more requests: no traffic, no quantiles
        Thread.sleep(3100);
        signals.read();
        SignalsSource.Readings quiet = signals.read();
        assertThat(quiet.edges()).extracting(TrafficEdge::signal).allSatisfy(s -> {
            assertThat(s.requestsPerSecond()).isZero();
            assertThat(s.p99Millis()).isNull();
        });
    }

    /**
     * A factory deleted takes its series out of the registry: it is gone from the next read. Made again under the
     * same id, its series start from zero, lower than the baseline a window ago: counted as a reset (as rate() does),
     * never as negative traffic.
     */
    @Test
    void aRemovedSeriesIsGoneAndOneRegisteredAgainCountsFromZero() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        EmbeddedSignals signals = new EmbeddedSignals(registry, Duration.ofSeconds(3));
        for (int i = 0; i < 50; i++) {
            request(registry, "a", "v1", 200, 7);
        }
        signals.read(); // the baseline
        for (int i = 0; i < 50; i++) {
            request(registry, "a", "v1", 200, 7);
        }
        Thread.sleep(200);
        assertThat(signals.read().factories())
                .extracting(FactorySignals::factoryId)
                .containsExactly("a");

        registry.getMeters().forEach(registry::remove); // deleted: its proxy removed its meters
        SignalsSource.Readings gone = signals.read();
        assertThat(gone.factories()).isEmpty();
        assertThat(gone.edges()).isEmpty();

        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            request(registry, "a", "v1", 200, 7); // made again: new series from zero
        }
        Thread.sleep(200);
        SignalsSource.Readings again = signals.read();
        double seconds = (System.nanoTime() - started) / 1e9;
        FactorySignals a = again.factories().stream()
                .filter(f -> f.version() == null)
                .findFirst()
                .orElseThrow();
        // the baseline (50 requests) is older than the new series: the new series' 10 are its increase, over a
        // baseline older than they are
        assertThat(a.signal().requestsPerSecond()).isPositive().isLessThanOrEqualTo(10 / seconds);
        assertThat(a.signal().p50Millis()).isCloseTo(7.5, within(0.01)); // 10 in (5, 10]: 5 + 5 * 5/10
    }

    @Test
    void quantilesInterpolateInsideTheirBucketAsPrometheusDoes() {
        double[] bounds = {10, 20, 40};
        double[] cumulative = {0, 50, 100};
        assertThat(Quantiles.of(0.5, bounds, cumulative, 100)).isEqualTo(20.0);
        assertThat(Quantiles.of(0.75, bounds, cumulative, 100)).isEqualTo(30.0);
        assertThat(Quantiles.of(0.99, bounds, cumulative, 120)).isEqualTo(40.0); // in +Inf: the highest bound
        assertThat(Quantiles.of(0.5, bounds, cumulative, 0)).isNull();
    }
}
