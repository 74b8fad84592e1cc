package io.meshportal.mesh.signals;

import io.meshportal.mesh.FactorySignals;
import io.meshportal.mesh.Signal;
import io.meshportal.mesh.SignalsSource;
import io.meshportal.mesh.TrafficEdge;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signals from Prometheus's HTTP API ({@code /api/v1/query}) over Istio's standard metrics
 * (istio.io/latest/docs/reference/config/metrics/): {@code istio_requests_total} for rates and errors (5xx, and
 * code 0 where no upstream answered), {@code istio_request_duration_milliseconds_bucket} for latency quantiles,
 * as reported by the calling side's proxy ({@code reporter="source"}, which also sees failed connections).
 * Several Prometheus servers (one per cluster) are merged; a series says its cluster in destination_cluster.
 */
public final class PrometheusSignals implements SignalsSource {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long MAX_ANSWER = 8L << 20;
    private static final java.util.concurrent.ExecutorService QUERIES =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private final List<URI> servers;
    private final String window;
    private final HttpClient client;
    private final Duration timeout;

    public PrometheusSignals(List<URI> servers, Duration window, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.window = window.toSeconds() + "s";
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String description() {
        return "Prometheus at "
                + String.join(", ", servers.stream().map(URI::toString).toList());
    }

    @Override
    public Readings read() throws IOException, InterruptedException {
        List<FactorySignals> factories = new ArrayList<>();
        List<TrafficEdge> edges = new ArrayList<>();
        for (URI server : servers) {
            var all = QUERIES.submit(() -> factories(server, false));
            var perVersion = QUERIES.submit(() -> factories(server, true));
            var traffic = QUERIES.submit(() -> edges(server));
            factories.addAll(await(all));
            factories.addAll(await(perVersion));
            edges.addAll(await(traffic));
        }
        return new Readings(factories, edges);
    }

    /** Per factory (all versions), or per factory and version; only factories with more than one version then. */
    private List<FactorySignals> factories(URI server, boolean perVersion) throws IOException, InterruptedException {
        String by = perVersion
                ? "destination_service, destination_cluster, destination_version"
                : "destination_service, destination_cluster";
        Map<Map<String, String>, Signal> signals = signals(server, by, "");
        Map<String, Integer> versionsOf = new HashMap<>();
        if (perVersion) {
            signals.keySet().forEach(k -> versionsOf.merge(factoryId(k.get("destination_service")), 1, Integer::sum));
        }
        List<FactorySignals> out = new ArrayList<>();
        for (var e : signals.entrySet()) {
            String id = factoryId(e.getKey().get("destination_service"));
            if (id == null || (perVersion && versionsOf.getOrDefault(id, 0) < 2)) {
                continue;
            }
            out.add(new FactorySignals(
                    id,
                    e.getKey().getOrDefault("destination_cluster", "unknown"),
                    perVersion ? e.getKey().get("destination_version") : null,
                    e.getValue()));
        }
        return out;
    }

    private List<TrafficEdge> edges(URI server) throws IOException, InterruptedException {
        Map<Map<String, String>, Signal> signals = signals(
                server, "source_workload, destination_service, destination_cluster, connection_security_policy", "");
        List<TrafficEdge> out = new ArrayList<>();
        for (var e : signals.entrySet()) {
            String id = factoryId(e.getKey().get("destination_service"));
            if (id != null) {
                String policy = e.getKey().get("connection_security_policy");
                out.add(new TrafficEdge(
                        e.getKey().getOrDefault("source_workload", "unknown"),
                        id,
                        e.getKey().getOrDefault("destination_cluster", "unknown"),
                        e.getValue(),
                        policy == null ? null : policy.equals("mutual_tls")));
            }
        }
        return out;
    }

    /** Rate, error share and p50/p95/p99 grouped by the given labels: five queries. */
    private Map<Map<String, String>, Signal> signals(URI server, String by, String filter)
            throws IOException, InterruptedException {
        String selector = "{reporter=\"source\"" + filter + "}";
        // the five queries go out together: Prometheus evaluates them in parallel, a refresh waits for the slowest
        var total = async(server, "sum by (" + by + ") (rate(istio_requests_total" + selector + "[" + window + "]))");
        var errors = async(
                server,
                "sum by (" + by + ") (rate(istio_requests_total" + "{reporter=\"source\",response_code=~\"5..|0\""
                        + filter + "}[" + window + "]))");
        Map<Double, java.util.concurrent.Future<Map<Map<String, String>, Double>>> pending = new LinkedHashMap<>();
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            pending.put(
                    q,
                    async(
                            server,
                            "histogram_quantile(" + q + ", sum by (le, " + by
                                    + ") (rate(istio_request_duration_milliseconds_bucket" + selector + "[" + window
                                    + "])))"));
        }
        Map<Double, Map<Map<String, String>, Double>> quantiles = new LinkedHashMap<>();
        for (var q : pending.entrySet()) {
            quantiles.put(q.getKey(), await(q.getValue()));
        }
        return combine(await(total), await(errors), quantiles);
    }

    private java.util.concurrent.Future<Map<Map<String, String>, Double>> async(URI server, String promql) {
        return QUERIES.submit(() -> query(server, promql));
    }

    private static <T> T await(java.util.concurrent.Future<T> future) throws IOException, InterruptedException {
        try {
            return future.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private static Map<Map<String, String>, Signal> combine(
            Map<Map<String, String>, Double> total,
            Map<Map<String, String>, Double> errors,
            Map<Double, Map<Map<String, String>, Double>> quantiles) {
        Map<Map<String, String>, Signal> out = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        for (var e : total.entrySet()) {
            double rate = e.getValue();
            double failing = errors.getOrDefault(e.getKey(), 0.0);
            out.put(
                    e.getKey(),
                    new Signal(
                            rate,
                            rate <= 0 ? 0 : 100 * failing / rate,
                            finite(quantiles.get(0.5).get(e.getKey())),
                            finite(quantiles.get(0.95).get(e.getKey())),
                            finite(quantiles.get(0.99).get(e.getKey()))));
        }
        return out;
    }

    /** An instant vector: labels → value. Anything but a Prometheus success answer is an error with a reason. */
    Map<Map<String, String>, Double> query(URI server, String promql) throws IOException, InterruptedException {
        URI uri = server.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<java.io.InputStream> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (java.net.http.HttpTimeoutException e) {
            // the service's time limit is the same figure and may fire first: one message for both
            throw new IOException("no answer within " + timeout.toMillis() + " ms");
        }
        byte[] body;
        try (var in = response.body()) {
            body = in.readNBytes((int) MAX_ANSWER + 1);
        }
        if (body.length > MAX_ANSWER) {
            throw new IOException("Prometheus answered more than " + (MAX_ANSWER >> 20) + " MiB");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new IOException(server + " did not answer as Prometheus does (HTTP " + response.statusCode() + ")");
        }
        if (!"success".equals(answer.path("status").asText())) {
            throw new IOException(server + " refused the query: HTTP " + response.statusCode() + " "
                    + answer.path("error").asText("no Prometheus answer"));
        }
        Map<Map<String, String>, Double> out = new HashMap<>();
        for (JsonNode sample : answer.path("data").path("result")) {
            Map<String, String> labels = new TreeMap<>();
            sample.path("metric")
                    .properties()
                    .forEach(p -> labels.put(p.getKey(), p.getValue().asText()));
            JsonNode value = sample.path("value");
            if (value.size() == 2) {
                try {
                    out.put(labels, Double.parseDouble(value.get(1).asText()));
                } catch (NumberFormatException e) {
                    throw new IOException(server + " answered a value that is not a number");
                }
            }
        }
        return out;
    }

    private static Double finite(Double value) {
        return value == null || value.isNaN() || value.isInfinite() ? null : value;
    }

    /** factory-&lt;id&gt;.&lt;namespace&gt;.svc.&lt;domain&gt; (or factory-&lt;id&gt;.local) → id; null for other services. */
    static String factoryId(String service) {
        if (service == null || !service.startsWith("factory-")) {
            return null;
        }
        String name = service.contains(".") ? service.substring(0, service.indexOf('.')) : service;
        return name.substring("factory-".length());
    }
}
