package io.meshportal.fleet.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.fleet.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One factory of the embedded fleet, shaped like its Kubernetes counterpart: replicas are real factory servers
 * (pods) behind a stable loopback port that spreads requests over them (the Service). It runs a stable version and
 * at most one canary beside it; the Service splits requests between them by weight, and a request that names a
 * version in {@link Versions#HEADER} goes to that version, as the VirtualService's header-matched routes do.
 */
final class LocalDeployment implements AutoCloseable {

    private volatile FactorySpec spec;
    /** The canary's spec and replicas; null without a canary. */
    private volatile FactorySpec canarySpec;

    private final List<FactoryServer> canaryReplicas = new CopyOnWriteArrayList<>();
    private volatile int canaryWeight;
    private final HttpServer service;
    private final HttpClient client;
    private final List<FactoryServer> replicas = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong retiredCpuNanos = new AtomicLong();
    private final AtomicLong retiredRequests = new AtomicLong();
    private volatile Autoscaling autoscaling;
    private volatile Double cpuCores;
    private long lastCpuNanos;
    private long lastRequests;
    private long lastSampleAt = System.nanoTime();
    private volatile double requestsPerSecond;
    private final Map<String, ProxyMetrics> metrics = new ConcurrentHashMap<>();
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final Duration restartDelay;
    /** What happened to this factory's replicas, for its events list. */
    private final EventLog events = new EventLog(java.time.Clock.systemUTC());

    /** Readiness and restarts per replica, as a kubelet keeps them for pods. */
    private final Map<FactoryServer, ReplicaHealth> health = new ConcurrentHashMap<>();

    /** A replica's probe results: ready after one success, not ready after two failures; dead when it refuses. */
    static final class ReplicaHealth {
        volatile boolean ready = true;
        volatile int failures;
        volatile Instant deadSince;
        final int restarts;

        ReplicaHealth(int restarts) {
            this.restarts = restarts;
        }
    }

    LocalDeployment(FactorySpec spec, int replicaCount, Autoscaling autoscaling, Progress progress) {
        this(spec, replicaCount, autoscaling, progress, null, Duration.ofSeconds(10));
    }

    /**
     * @param meters       where the Service proxy's request metrics go (null: not measured)
     * @param restartDelay how long a dead replica stays down before it is started again (the kubelet's first
     *                     back-off is 10 s)
     */
    LocalDeployment(
            FactorySpec spec,
            int replicaCount,
            Autoscaling autoscaling,
            Progress progress,
            io.micrometer.core.instrument.MeterRegistry meters,
            Duration restartDelay) {
        this.spec = spec;
        this.meters = meters;
        this.restartDelay = restartDelay;
        this.autoscaling = autoscaling;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        try {
            service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a port for factory " + spec.id(), e);
        }
        service.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        service.createContext("/", this::forward);
        scale(replicaCount, progress);
        service.start();
    }

    FactorySpec spec() {
        return spec;
    }

    /** The stable address of the factory API (the Service); ends with '/'. */
    URI baseUrl() {
        return URI.create("http://" + service.getAddress().getAddress().getHostAddress() + ":" + port() + "/");
    }

    int port() {
        return service.getAddress().getPort();
    }

    List<FactoryServer> replicas() {
        return List.copyOf(replicas);
    }

    Autoscaling autoscaling() {
        return autoscaling;
    }

    void autoscaling(Autoscaling bounds) {
        this.autoscaling = bounds;
    }

    double requestsPerSecond() {
        return requestsPerSecond;
    }

    synchronized void scale(int count, Progress progress) {
        if (replicas.size() != count) {
            events.normal(
                    "ScalingReplicaSet",
                    "Deployment/" + spec.id(),
                    "Scaled " + (count > replicas.size() ? "up" : "down") + " from " + replicas.size() + " to "
                            + count);
        }
        while (replicas.size() < count) {
            progress.step("Starting replica " + (replicas.size() + 1) + " of " + count);
            replicas.add(startReplica(spec, 0));
        }
        while (replicas.size() > count) {
            progress.step("Stopping replica " + replicas.size());
            retire(replicas.removeLast());
        }
    }

    /** Rolling restart: a new replica is up before an old one goes, so the factory never stops answering. */
    synchronized void restart(Progress progress) {
        int count = replicas.size();
        events.normal("Restarting", "Deployment/" + spec.id(), "Rolling restart of " + count + " replicas");
        for (int i = 0; i < count; i++) {
            progress.step("Replacing replica " + (i + 1) + " of " + count);
            FactoryServer old = replicas.getFirst();
            replicas.add(startReplica(spec, 0));
            replicas.remove(old);
            retire(old);
        }
    }

    Versions versions() {
        FactorySpec canary = canarySpec;
        return new Versions(
                release(spec, replicas),
                canary == null ? null : release(canary, canaryReplicas),
                canary == null ? 0 : canaryWeight);
    }

    private Versions.Release release(FactorySpec version, List<FactoryServer> pool) {
        int ready = (int) pool.stream().filter(this::isReady).count();
        return new Versions.Release(version.version(), null, version.tuning(), pool.size(), ready);
    }

    /** Starts the canary's replicas; it gets requests only once weighed. */
    synchronized void deployCanary(FactorySpec canary, int count, Progress progress) {
        if (canarySpec != null) {
            throw new IllegalStateException(spec.id() + " already runs canary " + canarySpec.version());
        }
        canaryWeight = 0;
        try {
            for (int i = 0; i < count; i++) {
                progress.step("Starting replica " + (i + 1) + " of " + count + " of " + canary.version());
                canaryReplicas.add(startReplica(canary, 0));
            }
        } catch (RuntimeException e) {
            canaryReplicas.forEach(this::retire); // nothing half-deployed stays behind
            canaryReplicas.clear();
            throw e;
        }
        canarySpec = canary;
    }

    void weigh(int weight) {
        if (weight < 0 || weight > 100 || (canarySpec == null && weight != 0)) {
            throw new IllegalArgumentException("No canary to send " + weight + " % of requests to");
        }
        canaryWeight = weight;
    }

    /**
     * The canary becomes stable: every request goes to it, the stable replicas are replaced one by one by replicas
     * of the canary's version (the factory never stops answering), then the canary's own replicas go.
     */
    synchronized void promote(Progress progress) {
        FactorySpec next = canarySpec;
        if (next == null) {
            throw new IllegalStateException(spec.id() + " has no canary to promote");
        }
        canaryWeight = 100;
        int count = replicas.size();
        for (int i = 0; i < count; i++) {
            progress.step("Replacing replica " + (i + 1) + " of " + count + " with " + next.version());
            FactoryServer old = replicas.getFirst();
            replicas.add(startReplica(next, 0));
            replicas.remove(old);
            retire(old);
        }
        spec = next;
        canarySpec = null;
        canaryWeight = 0;
        progress.step("Removing the canary's replicas");
        canaryReplicas.forEach(this::retire);
        canaryReplicas.clear();
    }

    /** Every request back to stable, then the canary's replicas stopped. */
    synchronized void removeCanary(Progress progress) {
        if (canarySpec == null) {
            return;
        }
        canaryWeight = 0;
        canarySpec = null;
        progress.step("Stopping " + canaryReplicas.size() + " replica(s) of the canary");
        canaryReplicas.forEach(this::retire);
        canaryReplicas.clear();
    }

    private boolean isReady(FactoryServer r) {
        ReplicaHealth h = health.get(r);
        return h == null || h.ready;
    }

    /** Updates CPU and request-rate readings from the replicas' own counters. */
    synchronized void sample() {
        long now = System.nanoTime();
        List<FactoryServer> all = allReplicas();
        long cpu = retiredCpuNanos.get()
                + all.stream().mapToLong(FactoryServer::cpuNanos).sum();
        long requests = retiredRequests.get()
                + all.stream().mapToLong(FactoryServer::requests).sum();
        double seconds = (now - lastSampleAt) / 1e9;
        if (seconds > 0.5) {
            cpuCores = (cpu - lastCpuNanos) / 1e9 / seconds;
            requestsPerSecond = (requests - lastRequests) / seconds;
            lastCpuNanos = cpu;
            lastRequests = requests;
            lastSampleAt = now;
        }
    }

    Workload workload(String cluster) {
        List<Workload.Replica> pods = new ArrayList<>();
        List<FactoryServer> all = allReplicas();
        for (int i = 0; i < all.size(); i++) {
            FactoryServer r = all.get(i);
            ReplicaHealth h = health.get(r);
            boolean ready = h == null || h.ready;
            boolean dead = h != null && h.deadSince != null;
            pods.add(new Workload.Replica(
                    podName(r, Math.max(replicas.indexOf(r), canaryReplicas.indexOf(r))),
                    r.baseUrl(),
                    ready,
                    dead ? "Failed" : "Running",
                    h == null ? 0 : h.restarts,
                    "local",
                    null,
                    null,
                    null,
                    r.spec().version()));
        }
        // Memory stays null: replicas share the portal's heap, so a per-factory figure would be invented.
        return new Workload(
                spec.id(),
                spec.name(),
                spec.country(),
                cluster,
                replicas.size(),
                (int) pods.stream().filter(Workload.Replica::ready).count(),
                autoscaling,
                cpuCores,
                null,
                pods);
    }

    /** Both versions' replicas, stable first. */
    private List<FactoryServer> allReplicas() {
        List<FactoryServer> all = new ArrayList<>(replicas);
        all.addAll(canaryReplicas);
        return all;
    }

    /** A replica as its events name it: its version and the port it listens on (a pod has no stable index). */
    private static String replicaName(FactoryServer r) {
        return "Replica/" + r.spec().version() + ":" + r.port();
    }

    List<io.meshportal.fleet.FactoryEvent> events() {
        return events.list();
    }

    /** Every replica's log, stable replicas first; a replica is named for its life by its version and port. */
    List<io.meshportal.fleet.LogSource> logSources() {
        return allReplicas().stream()
                .map(r -> {
                    ReplicaHealth h = health.get(r);
                    return new io.meshportal.fleet.LogSource(
                            logName(r), r.spec().version(), h == null || h.deadSince == null);
                })
                .toList();
    }

    private String logName(FactoryServer r) {
        return spec.id() + "-" + r.spec().version() + "-" + r.port();
    }

    /** Follows a replica's own log (the lines its process keeps); ended when the replica is stopped or replaced. */
    Runnable followLog(String source, io.meshportal.fleet.LogQuery query, io.meshportal.fleet.LogListener listener) {
        FactoryServer replica = allReplicas().stream()
                .filter(r -> logName(r).equals(source))
                .findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("No replica " + source + " of " + spec.id()));
        Instant since = query.since() == null ? null : Instant.now().minus(query.since());
        Runnable unfollow = replica.log()
                .follow(
                        query.tailLines(),
                        since,
                        line -> listener.lines(List.of(
                                new io.meshportal.fleet.LogLine(line.at(), line.level() + " " + line.message()))));
        LogFollow follow = new LogFollow(replica, listener, unfollow);
        follows.add(follow);
        return () -> {
            unfollow.run();
            follows.remove(follow);
        };
    }

    private record LogFollow(FactoryServer replica, io.meshportal.fleet.LogListener listener, Runnable unfollow) {}

    private final List<LogFollow> follows = new CopyOnWriteArrayList<>();

    /** As a pod of its version's Deployment would be called. */
    private String podName(FactoryServer r, int index) {
        return r.spec().version().equals(spec.version())
                ? spec.id() + "-" + index
                : spec.id() + "-" + r.spec().version() + "-" + index;
    }

    private FactoryServer startReplica(FactorySpec version, int restarts) {
        try {
            FactoryServer replica = FactoryServer.onLoopback(version);
            health.put(replica, new ReplicaHealth(restarts));
            events.normal("Started", replicaName(replica), "Started replica of version " + version.version());
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a replica of " + spec.id(), e);
        }
    }

    /**
     * One round of probes, as a kubelet does: each replica's {@code /readyz} with a short timeout. A replica that
     * fails twice gets no traffic until it answers again; one that refuses connections is dead and is started
     * again (a new process, same slot) after the restart delay, its restart count kept.
     *
     * @return whether anything the pages show changed (readiness, a failed replica, a restart)
     */
    boolean probe() {
        List<String> before = healthShown();
        probeAll();
        return !before.equals(healthShown());
    }

    /** What the pages show of the replicas' health: readiness, failed or not, restarts. */
    private List<String> healthShown() {
        return allReplicas().stream()
                .map(r -> {
                    ReplicaHealth h = health.get(r);
                    return h == null ? "-" : h.ready + "/" + (h.deadSince != null) + "/" + h.restarts;
                })
                .toList();
    }

    private void probeAll() {
        Instant now = Instant.now();
        for (FactoryServer replica : allReplicas()) {
            ReplicaHealth h = health.get(replica);
            if (h == null) {
                continue;
            }
            try {
                HttpResponse<Void> answer = client.send(
                        HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/readyz"))
                                .timeout(Duration.ofMillis(800))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    h.ready = true;
                    h.failures = 0;
                    h.deadSince = null;
                } else {
                    failed(replica, h, "answered " + answer.statusCode());
                }
            } catch (java.net.ConnectException dead) {
                h.ready = false;
                if (h.deadSince == null) {
                    h.deadSince = now;
                    events.warning("BackOff", replicaName(replica), "Replica stopped answering (connection refused)");
                }
                if (!now.isBefore(h.deadSince.plus(restartDelay))) {
                    replaceDead(replica, h);
                }
            } catch (IOException e) {
                failed(replica, h, "timed out or broke off");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void failed(FactoryServer replica, ReplicaHealth h, String how) {
        h.failures++;
        if (h.failures >= 2) {
            if (h.ready) {
                events.warning("Unhealthy", replicaName(replica), "Readiness probe failed: " + how);
            }
            h.ready = false;
        }
    }

    private synchronized void replaceDead(FactoryServer dead, ReplicaHealth h) {
        List<FactoryServer> pool = replicas.contains(dead) ? replicas : canaryReplicas;
        int index = pool.indexOf(dead);
        if (index < 0) {
            return;
        }
        events.warning("BackOff", replicaName(dead), "Restarting the replica (restart " + (h.restarts + 1) + ")");
        FactoryServer fresh = startReplica(dead.spec(), h.restarts + 1);
        pool.set(index, fresh);
        health.remove(dead);
        retire(dead);
    }

    /**
     * The replicas a request may go to: the version its header names, else the canary with the canary's weight,
     * else stable (Istio picks a weighted destination per request the same way).
     */
    private Route routeFor(HttpExchange exchange) {
        FactorySpec canary = canarySpec;
        String pinned = exchange.getRequestHeaders().getFirst(Versions.HEADER);
        boolean toCanary;
        if (canary != null && canary.version().equals(pinned)) {
            toCanary = true;
        } else if (spec.version().equals(pinned)) {
            toCanary = false;
        } else {
            toCanary = canary != null
                    && java.util.concurrent.ThreadLocalRandom.current().nextInt(100) < canaryWeight;
        }
        FactorySpec version = toCanary ? canary : spec;
        return new Route(
                version.version(),
                (toCanary ? canaryReplicas : replicas)
                        .stream().filter(this::isReady).toList());
    }

    private record Route(String version, List<FactoryServer> ready) {}

    private void retire(FactoryServer replica) {
        events.normal("Killing", replicaName(replica), "Stopping replica");
        health.remove(replica);
        retiredCpuNanos.addAndGet(replica.cpuNanos());
        retiredRequests.addAndGet(replica.requests());
        replica.close();
        // after its last line ("stopping"), as a pod's log ends with the container
        for (LogFollow f : follows) {
            if (f.replica() == replica) {
                f.unfollow().run();
                follows.remove(f);
                f.listener().ended("The replica was stopped");
            }
        }
    }

    /** The Service: round-robin over replicas, trying the next one when a replica does not answer. */
    private void forward(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String source = exchange.getRequestHeaders().getFirst(SOURCE_HEADER);
        source = source == null || !SOURCE.matcher(source).matches() ? "unknown" : source;
        int status = 0;
        ProxyMetrics.Flags flags = ProxyMetrics.Flags.NONE;
        String answeredBy = "none";
        String answeredVersion = spec.version();
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
                answeredBy = podName(
                        replica, Math.max(0, Math.max(replicas.indexOf(replica), canaryReplicas.indexOf(replica))));
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
                } catch (java.net.http.HttpTimeoutException timeout) {
                    // as Envoy does: a timed-out request is answered 504 and not retried
                    flags = ProxyMetrics.Flags.TIMEOUT;
                    status = 504;
                    byte[] body = "{\"error\":\"timeout\",\"message\":\"upstream request timeout\",\"status\":504}"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(504, body.length);
                    exchange.getResponseBody().write(body);
                    return;
                } catch (IOException replicaGone) {
                    flags = ProxyMetrics.Flags.UPSTREAM_FAILURE; // try the next replica
                    answeredBy = "none";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] body = "{\"error\":\"unavailable\",\"message\":\"no replica answered\",\"status\":503}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            // Envoy reports a request no upstream answered with code 503 when it answered the caller itself; the
            // flags say why (UH, UF, UT)
            status = 503;
        } finally {
            metrics.computeIfAbsent(answeredVersion, v -> new ProxyMetrics(meters, spec.id(), v))
                    .record(source, answeredBy, status, flags, (System.nanoTime() - started) / 1e6);
        }
    }

    /** How long the proxy waits for a replica's answer (a hung replica is also taken out by its readiness checks). */
    static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(3);

    /** Who is calling, as the caller says (the portal's pollers say "meshportal"); a sidecar would know it. */
    static final String SOURCE_HEADER = "X-Source-Workload";

    private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Override
    public synchronized void close() {
        service.stop(0);
        replicas.forEach(this::retire);
        replicas.clear();
        canaryReplicas.forEach(this::retire);
        canaryReplicas.clear();
        client.close();
    }
}
