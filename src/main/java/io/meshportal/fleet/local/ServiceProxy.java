package io.meshportal.fleet.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.fleet.Versions;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One factory's Service: a stable loopback port that spreads requests round-robin over the ready replicas, trying
 * the next one when a replica does not answer. It splits requests between stable and canary by weight, and a
 * request that names a version in {@link Versions#HEADER} goes to that version, as the VirtualService's
 * header-matched routes do. Every request is measured as Istio's sidecar would ({@link ProxyMetrics}), per version
 * for as long as that version runs: a retired version's series and, on close, all of them leave the registry.
 */
final class ServiceProxy implements AutoCloseable {

    /** How long the proxy waits for a replica's answer (a hung replica is also taken out by its readiness checks). */
    static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(3);

    /** Who is calling, as the caller says (the portal's pollers say "meshportal"); a sidecar would know it. */
    static final String SOURCE_HEADER = "X-Source-Workload";

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private record Route(String version, List<FactoryServer> ready) {}

    private final HttpServer service;
    private final HttpClient client;
    private final Releases releases;
    private final Predicate<FactoryServer> ready;
    private final MeterRegistry meters;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, ProxyMetrics> metrics = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Opens the port; requests are served once {@linkplain #start() started}.
     *
     * @param ready  whether a replica may get requests (its readiness probes)
     * @param meters where the request metrics go (null: not measured)
     */
    ServiceProxy(Releases releases, Predicate<FactoryServer> ready, HttpClient client, MeterRegistry meters) {
        this.releases = releases;
        this.ready = ready;
        this.client = client;
        this.meters = meters;
        try {
            service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot open a port for factory " + releases.stable().id(), e);
        }
        service.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        service.createContext("/", this::forward);
    }

    void start() {
        service.start();
    }

    /** The stable address of the factory API; ends with '/'. */
    URI baseUrl() {
        return URI.create("http://" + service.getAddress().getAddress().getHostAddress() + ":" + port() + "/");
    }

    int port() {
        return service.getAddress().getPort();
    }

    /**
     * The replicas a request may go to: the version its header names, else the canary with the canary's weight,
     * else stable (Istio picks a weighted destination per request the same way).
     */
    private Route routeFor(HttpExchange exchange) {
        FactorySpec canary = releases.canary();
        FactorySpec stable = releases.stable();
        String pinned = exchange.getRequestHeaders().getFirst(Versions.HEADER);
        boolean toCanary;
        if (canary != null && canary.version().equals(pinned)) {
            toCanary = true;
        } else if (stable.version().equals(pinned)) {
            toCanary = false;
        } else {
            toCanary = canary != null && ThreadLocalRandom.current().nextInt(100) < releases.canaryWeight();
        }
        FactorySpec version = toCanary ? canary : stable;
        return new Route(
                version.version(),
                (toCanary ? releases.canaryReplicas() : releases.stableReplicas())
                        .stream().filter(ready).toList());
    }

    /** Round-robin over the route's ready replicas, trying the next one when a replica does not answer. */
    private void forward(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String source = exchange.getRequestHeaders().getFirst(SOURCE_HEADER);
        source = source == null || !SOURCE.matcher(source).matches() ? "unknown" : source;
        int status = 0;
        ProxyMetrics.Flags flags = ProxyMetrics.Flags.NONE;
        String answeredBy = "none";
        String answeredVersion = releases.stable().version();
        try (exchange) {
            Route route = routeFor(exchange);
            answeredVersion = route.version();
            List<FactoryServer> current = route.ready();
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery());
            if (exchange.getRequestURI().getPath().equals(FactoryServer.STREAM) && !current.isEmpty()) {
                // a held stream goes to one replica directly
                exchange.getResponseHeaders()
                        .set(
                                "Location",
                                current.get(Math.floorMod(next.getAndIncrement(), current.size()))
                                                .baseUrl()
                                        + pathAndQuery);
                exchange.sendResponseHeaders(307, -1);
                status = 307;
                return;
            }
            if (current.isEmpty()) {
                flags = ProxyMetrics.Flags.NO_HEALTHY_UPSTREAM;
            }
            for (int attempt = 0; attempt < Math.min(2, current.size()); attempt++) {
                FactoryServer replica = current.get(Math.floorMod(next.getAndIncrement(), current.size()));
                answeredBy = releases.podName(replica, Math.max(0, releases.indexOf(replica)));
                try {
                    HttpResponse<byte[]> response = client.send(
                            HttpRequest.newBuilder(URI.create(replica.baseUrl() + pathAndQuery))
                                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody())
                                    .timeout(UPSTREAM_TIMEOUT)
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    response.headers().firstValue("content-type").ifPresent(type -> exchange.getResponseHeaders()
                            .set("Content-Type", type));
                    byte[] body = response.body();
                    status = response.statusCode();
                    flags = ProxyMetrics.Flags.NONE;
                    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                    if (body.length > 0) {
                        exchange.getResponseBody().write(body);
                    }
                    return;
                } catch (HttpTimeoutException timeout) {
                    // as Envoy does: a timed-out request is answered 504 and not retried
                    flags = ProxyMetrics.Flags.TIMEOUT;
                    status = 504;
                    answerError(exchange, 504, "timeout", "upstream request timeout");
                    return;
                } catch (IOException replicaGone) {
                    flags = ProxyMetrics.Flags.UPSTREAM_FAILURE; // try the next replica
                    answeredBy = "none";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            answerError(exchange, 503, "unavailable", "no replica answered");
            // Envoy reports a request no upstream answered with code 503 when it answered the caller itself; the
            // flags say why (UH, UF, UT)
            status = 503;
        } finally {
            String factoryId = releases.stable().id();
            // a version retired (or the Service closed) while this request ran gets no series again
            ProxyMetrics measured = metrics.computeIfAbsent(
                    answeredVersion, v -> runs(v) ? new ProxyMetrics(meters, factoryId, v) : null);
            if (measured != null) {
                measured.record(source, answeredBy, status, flags, (System.nanoTime() - started) / 1e6);
            }
        }
    }

    /** Whether the version still runs here: the stable one or the canary, while the Service is open. */
    private boolean runs(String version) {
        FactorySpec canary = releases.canary();
        return !closed
                && (releases.stable().version().equals(version)
                        || (canary != null && canary.version().equals(version)));
    }

    /**
     * Removes the meters of versions that no longer run (a canary promoted away or rolled back, the stable version a
     * promotion replaced): their series leave /actuator/prometheus and the mesh signals at once. Called after
     * {@link Releases} changed.
     */
    void retireStoppedVersions() {
        metrics.entrySet().removeIf(e -> {
            if (runs(e.getKey())) {
                return false;
            }
            e.getValue().close();
            return true;
        });
    }

    /** The proxy's own answer when no replica's can be passed on. */
    private static void answerError(HttpExchange exchange, int status, String error, String message)
            throws IOException {
        byte[] body = ("{\"error\":\"" + error + "\",\"message\":\"" + message + "\",\"status\":" + status + "}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Stops accepting requests and removes every series it measured (the replicas are stopped by their owner). */
    @Override
    public void close() {
        closed = true;
        service.stop(0);
        retireStoppedVersions();
    }
}
