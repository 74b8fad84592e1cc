package io.meshportal.fleet.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the embedded Service proxy measures for every request it forwards, under Istio's standard metric and
 * label names (istio.io/latest/docs/reference/config/metrics/): {@code istio_requests_total} and
 * {@code istio_request_duration_milliseconds} with Istio's default buckets. So the same PromQL answers for the
 * embedded fleet (a Prometheus scraping /actuator/prometheus) as for the mesh, and the portal reads the same
 * series in-process. The proxy stands where a caller's sidecar would: reporter "source". A version's meters live as
 * long as the version runs: {@link #close()} removes them from the registry when it is retired or its factory
 * deleted, so they leave /actuator/prometheus and the mesh signals at once.
 */
final class ProxyMetrics {

    static final String REQUESTS = "istio.requests"; // istio_requests_total
    static final String DURATION = "istio.request.duration.milliseconds"; // istio_request_duration_milliseconds
    /** Istio's default duration buckets (ms), as its stats filter declares them. */
    static final double[] BUCKETS = {
        0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000
    };

    /** Response flags (Envoy): "-" none, UH no healthy upstream, UF upstream connection failure, UT timeout. */
    enum Flags {
        NONE("-"),
        NO_HEALTHY_UPSTREAM("UH"),
        UPSTREAM_FAILURE("UF"),
        TIMEOUT("UT");

        final String code;

        Flags(String code) {
            this.code = code;
        }
    }

    private final MeterRegistry registry;
    private final String factoryId;
    private final String version;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> durations = new ConcurrentHashMap<>();
    private volatile boolean closed;

    ProxyMetrics(MeterRegistry registry, String factoryId, String version) {
        this.registry = registry;
        this.factoryId = factoryId;
        this.version = version;
    }

    /** @param status the response code, 0 when no replica answered */
    /** @param replica the replica that answered ("&lt;id&gt;-&lt;n&gt;"), or "none" */
    void record(String source, String replica, int status, Flags flags, double millis) {
        if (registry == null || closed) {
            return;
        }
        // looked up once per series, not built and registered again on every request (the proxy's hot path)
        Counter counter = counters.computeIfAbsent(
                source + "|" + replica + "|" + status + "|" + flags, k -> Counter.builder(REQUESTS)
                        .description("Requests forwarded by the embedded Service proxy (Istio's standard metric)")
                        .tags(tags(source))
                        .tag("response_code", String.valueOf(status))
                        .tag("destination_replica", replica)
                        .tag("response_flags", flags.code)
                        .register(registry));
        DistributionSummary duration = durations.computeIfAbsent(source, k -> DistributionSummary.builder(DURATION)
                .description("Duration of requests through the embedded Service proxy (Istio's standard metric)")
                .tags(tags(source))
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
        if (closed) {
            // closed while this request registered a series: close() may not have seen it, so it goes here
            registry.remove(counter);
            registry.remove(duration);
            return;
        }
        counter.increment();
        duration.record(millis);
    }

    /**
     * The version is retired (promoted away, rolled back) or its factory deleted: its series leave the registry,
     * and a request still in flight records nothing.
     */
    void close() {
        closed = true;
        if (registry == null) {
            return;
        }
        counters.values().forEach(registry::remove);
        durations.values().forEach(registry::remove);
    }

    private Tags tags(String source) {
        String service = "factory-" + factoryId;
        return Tags.of(
                "reporter",
                "source",
                "source_workload",
                source,
                "destination_workload",
                service,
                "destination_service",
                service + ".local",
                "destination_service_name",
                service,
                "destination_version",
                version,
                "destination_cluster",
                LocalFleet.CLUSTER,
                "connection_security_policy",
                "none");
    }
}
