package io.meshportal.mesh.signals;

import io.meshportal.mesh.FactorySignals;
import io.meshportal.mesh.Signal;
import io.meshportal.mesh.SignalsSource;
import io.meshportal.mesh.TrafficEdge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Signals of the embedded fleet, read in-process from the meters its Service proxies record under Istio's names
 * ({@code istio_requests_total}, {@code istio_request_duration_milliseconds}). Each read takes the counters'
 * totals; rates, error shares and quantiles come from the difference to the read one window ago, as PromQL's
 * rate() over that window would give them. A series that went (its version retired, its factory deleted) is simply
 * absent from the next read; one that starts again lower than it was (a factory made again under the same id) was
 * reset, and counts from zero, as rate() treats a counter reset.
 */
final class EmbeddedSignals implements SignalsSource {

    static final String REQUESTS = "istio.requests";
    static final String DURATION = "istio.request.duration.milliseconds";

    /** One series: which traffic, and whether its answers count as errors. */
    record Series(String source, String factoryId, String version, String cluster, boolean error) {}

    /** Latency histogram of one (source, factory, version). */
    record Timing(String source, String factoryId, String version, String cluster) {}

    record Histogram(double[] bounds, double[] cumulative, double total) {}

    record Sample(long nanos, Map<Series, Double> counts, Map<Timing, Histogram> timings) {}

    private final MeterRegistry registry;
    private final Duration window;
    private final java.util.LinkedList<Sample> samples = new java.util.LinkedList<>();

    EmbeddedSignals(MeterRegistry registry, Duration window) {
        this.registry = registry;
        this.window = window;
    }

    @Override
    public String description() {
        return "the embedded Service proxies (last " + window.toSeconds() + " s)";
    }

    @Override
    public synchronized Readings read() {
        Sample now = sample();
        samples.addLast(now);
        // keep the newest sample at least a window old as the baseline
        while (samples.size() > 2 && now.nanos() - samples.get(1).nanos() >= window.toNanos()) {
            samples.removeFirst();
        }
        Sample base = samples.getFirst();
        double seconds = (now.nanos() - base.nanos()) / 1e9;
        if (base == now || seconds <= 0) {
            return new Readings(List.of(), List.of());
        }
        List<FactorySignals> factories = new ArrayList<>();
        Map<String, Set<String>> versions = new TreeMap<>();
        for (Series s : now.counts().keySet()) {
            versions.computeIfAbsent(s.factoryId(), k -> new java.util.TreeSet<>())
                    .add(s.version());
        }
        for (var factory : versions.entrySet()) {
            String id = factory.getKey();
            String cluster = clusterOf(now, id);
            factories.add(new FactorySignals(
                    id,
                    cluster,
                    null,
                    signal(base, now, seconds, s -> s.factoryId().equals(id), t -> t.factoryId()
                            .equals(id))));
            if (factory.getValue().size() > 1) {
                for (String version : factory.getValue()) {
                    factories.add(new FactorySignals(
                            id,
                            cluster,
                            version,
                            signal(
                                    base,
                                    now,
                                    seconds,
                                    s -> s.factoryId().equals(id) && s.version().equals(version),
                                    t -> t.factoryId().equals(id) && t.version().equals(version))));
                }
            }
        }
        List<TrafficEdge> edges = new ArrayList<>();
        Set<List<String>> pairs = new HashSet<>();
        now.counts().keySet().forEach(s -> pairs.add(List.of(s.source(), s.factoryId(), s.cluster())));
        for (List<String> pair : pairs.stream()
                .sorted(java.util.Comparator.comparing(Object::toString))
                .toList()) {
            Signal signal = signal(
                    base,
                    now,
                    seconds,
                    s -> s.source().equals(pair.get(0)) && s.factoryId().equals(pair.get(1)),
                    t -> t.source().equals(pair.get(0)) && t.factoryId().equals(pair.get(1)));
            edges.add(new TrafficEdge(pair.get(0), pair.get(1), pair.get(2), signal, false));
        }
        return new Readings(factories, edges);
    }

    private static String clusterOf(Sample sample, String factoryId) {
        return sample.counts().keySet().stream()
                .filter(s -> s.factoryId().equals(factoryId))
                .map(Series::cluster)
                .findFirst()
                .orElse("local");
    }

    private static Signal signal(
            Sample base,
            Sample now,
            double seconds,
            java.util.function.Predicate<Series> series,
            java.util.function.Predicate<Timing> timing) {
        double total = 0;
        double errors = 0;
        for (var e : now.counts().entrySet()) {
            if (series.test(e.getKey())) {
                double delta = increase(base.counts().getOrDefault(e.getKey(), 0.0), e.getValue());
                total += delta;
                if (e.getKey().error()) {
                    errors += delta;
                }
            }
        }
        double[] bounds = null;
        double[] cumulative = null;
        double observed = 0;
        for (var e : now.timings().entrySet()) {
            if (!timing.test(e.getKey())) {
                continue;
            }
            Histogram h = e.getValue();
            Histogram before = base.timings().get(e.getKey());
            if (before != null && h.total() < before.total()) {
                before = null; // reset: the series was removed and registered again
            }
            if (bounds == null) {
                bounds = h.bounds();
                cumulative = new double[bounds.length];
            }
            for (int i = 0; i < bounds.length && i < h.cumulative().length; i++) {
                cumulative[i] += h.cumulative()[i] - (before == null ? 0 : before.cumulative()[i]);
            }
            observed += h.total() - (before == null ? 0 : before.total());
        }
        double rate = total / seconds;
        double errorPercent = total <= 0 ? 0 : 100 * errors / total;
        if (bounds == null || observed <= 0) {
            return new Signal(rate, errorPercent, null, null, null);
        }
        return new Signal(
                rate,
                errorPercent,
                Quantiles.of(0.5, bounds, cumulative, observed),
                Quantiles.of(0.95, bounds, cumulative, observed),
                Quantiles.of(0.99, bounds, cumulative, observed));
    }

    /** How much a counter grew from {@code before} to {@code now}; a counter that went down was reset. */
    private static double increase(double before, double now) {
        return now >= before ? now - before : now;
    }

    private Sample sample() {
        Map<Series, Double> counts = new HashMap<>();
        for (Counter c : registry.find(REQUESTS).counters()) {
            String code = c.getId().getTag("response_code");
            boolean error = code == null || code.equals("0") || code.startsWith("5");
            Series s = new Series(
                    tag(c, "source_workload"),
                    factoryId(tag(c, "destination_workload")),
                    tag(c, "destination_version"),
                    tag(c, "destination_cluster"),
                    error);
            counts.merge(s, c.count(), Double::sum);
        }
        Map<Timing, Histogram> timings = new HashMap<>();
        for (DistributionSummary d : registry.find(DURATION).summaries()) {
            CountAtBucket[] buckets = d.takeSnapshot().histogramCounts();
            double[] bounds = new double[buckets.length];
            double[] cumulative = new double[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                bounds[i] = buckets[i].bucket();
                cumulative[i] = buckets[i].count();
            }
            Timing t = new Timing(
                    tag(d, "source_workload"),
                    factoryId(tag(d, "destination_workload")),
                    tag(d, "destination_version"),
                    tag(d, "destination_cluster"));
            timings.put(t, new Histogram(bounds, cumulative, d.count()));
        }
        return new Sample(System.nanoTime(), counts, timings);
    }

    private static String tag(io.micrometer.core.instrument.Meter meter, String key) {
        String value = meter.getId().getTag(key);
        return value == null ? "unknown" : value;
    }

    /** factory-&lt;id&gt; (the workload) → id. */
    static String factoryId(String workload) {
        return workload.startsWith("factory-") ? workload.substring("factory-".length()) : workload;
    }
}
