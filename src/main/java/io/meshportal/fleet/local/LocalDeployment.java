package io.meshportal.fleet.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.Progress;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One factory of the embedded fleet, shaped like its Kubernetes counterpart: replicas are real factory servers
 * (pods) behind a stable loopback port that spreads requests over them (the Service).
 */
final class LocalDeployment implements AutoCloseable {

    private final FactorySpec spec;
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

    LocalDeployment(FactorySpec spec, int replicaCount, Autoscaling autoscaling, Progress progress) {
        this.spec = spec;
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
        while (replicas.size() < count) {
            progress.step("Starting replica " + (replicas.size() + 1) + " of " + count);
            replicas.add(startReplica());
        }
        while (replicas.size() > count) {
            progress.step("Stopping replica " + replicas.size());
            retire(replicas.removeLast());
        }
    }

    /** Rolling restart: a new replica is up before an old one goes, so the factory never stops answering. */
    synchronized void restart(Progress progress) {
        int count = replicas.size();
        for (int i = 0; i < count; i++) {
            progress.step("Replacing replica " + (i + 1) + " of " + count);
            FactoryServer old = replicas.getFirst();
            replicas.add(startReplica());
            replicas.remove(old);
            retire(old);
        }
    }

    /** Updates CPU and request-rate readings from the replicas' own counters. */
    synchronized void sample() {
        long now = System.nanoTime();
        long cpu = retiredCpuNanos.get()
                + replicas.stream().mapToLong(FactoryServer::cpuNanos).sum();
        long requests = retiredRequests.get()
                + replicas.stream().mapToLong(FactoryServer::requests).sum();
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
        for (int i = 0; i < replicas.size(); i++) {
            FactoryServer r = replicas.get(i);
            pods.add(new Workload.Replica(
                    spec.id() + "-" + i, r.baseUrl(), true, "Running", 0, "local", null, null, null, spec.version()));
        }
        // Memory stays null: replicas share the portal's heap, so a per-factory figure would be invented.
        return new Workload(
                spec.id(),
                spec.name(),
                spec.country(),
                cluster,
                replicas.size(),
                pods.size(),
                autoscaling,
                cpuCores,
                null,
                pods);
    }

    private FactoryServer startReplica() {
        try {
            return FactoryServer.onLoopback(spec);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start a replica of " + spec.id(), e);
        }
    }

    private void retire(FactoryServer replica) {
        retiredCpuNanos.addAndGet(replica.cpuNanos());
        retiredRequests.addAndGet(replica.requests());
        replica.close();
    }

    /** The Service: round-robin over replicas, trying the next one when a replica does not answer. */
    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            List<FactoryServer> current = replicas();
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
                return;
            }
            for (int attempt = 0; attempt < Math.min(2, current.size()); attempt++) {
                FactoryServer replica = current.get(Math.floorMod(next.getAndIncrement(), current.size()));
                try {
                    HttpResponse<byte[]> response = client.send(
                            HttpRequest.newBuilder(URI.create(replica.baseUrl() + pathAndQuery))
                                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.noBody())
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    response.headers().firstValue("content-type").ifPresent(type -> exchange.getResponseHeaders()
                            .set("Content-Type", type));
                    byte[] body = response.body();
                    exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
                    if (body.length > 0) {
                        exchange.getResponseBody().write(body);
                    }
                    return;
                } catch (IOException replicaGone) {
                    // try the next replica
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
        }
    }

    @Override
    public synchronized void close() {
        service.stop(0);
        replicas.forEach(this::retire);
        replicas.clear();
        client.close();
    }
}
