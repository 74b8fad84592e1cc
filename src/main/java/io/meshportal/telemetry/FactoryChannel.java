package io.meshportal.telemetry;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;
import java.util.concurrent.atomic.AtomicReference;

/** Everything the pollers keep per factory: its guards, its connections, its last result and its history. */
final class FactoryChannel implements AutoCloseable {

    final FactoryRef ref;
    /** The snapshot endpoint under the factory's base URL (which may carry a path prefix, e.g. behind a gateway). */
    final java.net.URI telemetryUri;
    /** Kept-alive connections for a plain http URL; null for https (the JDK client's). */
    final PollEndpoint endpoint;

    final CircuitBreaker breaker;
    final Bulkhead bulkhead;
    final History history;
    private final AtomicReference<FactoryHealth> health = new AtomicReference<>(FactoryHealth.PENDING);
    /** The last snapshot polled without a version (the factory running one version). */
    private volatile TelemetrySnapshot raw;
    /** The factory's figures as counted ({@link ProductionCounter}), set when a round is published. */
    private volatile TelemetrySnapshot latest;
    /** The factory's versions and split while it runs more than one; null otherwise. */
    private volatile io.meshportal.fleet.Versions split;
    /** One pinned poll per version while a split runs. */
    private final java.util.Map<String, Pin> pins = new java.util.concurrent.ConcurrentHashMap<>();

    private volatile java.util.List<VersionReading> versionReadings = java.util.List.of();

    /** One version polled with its name pinned: its own connections and its last answer. */
    static final class Pin {
        final String version;
        final PollEndpoint endpoint;
        volatile TelemetrySnapshot latest;
        volatile String problem;

        Pin(String version, java.net.URI uri) {
            this.version = version;
            this.endpoint = PollEndpoint.supports(uri) ? new PollEndpoint(uri, version) : null;
        }

        void close() {
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    FactoryChannel(FactoryRef ref, CircuitBreaker breaker, Bulkhead bulkhead, History history) {
        this.ref = ref;
        String base = ref.telemetryUrl().toString();
        this.telemetryUri = java.net
                .URI
                .create(base.endsWith("/") ? base : base + "/")
                .resolve(io.meshportal.factory.FactoryServer.TELEMETRY.substring(1));
        this.endpoint = PollEndpoint.supports(telemetryUri) ? new PollEndpoint(telemetryUri) : null;
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.history = history;
    }

    FactoryTelemetry telemetry() {
        return new FactoryTelemetry(ref, health.get(), latest, versionReadings);
    }

    void succeeded(TelemetrySnapshot snapshot, FactoryHealth newHealth) {
        raw = snapshot;
        health.set(newHealth);
    }

    void succeeded(FactoryHealth newHealth) {
        health.set(newHealth);
    }

    /** Follows the fleet's split: a pin per running version, pins of versions gone closed. */
    void split(io.meshportal.fleet.Versions versions) {
        split = versions;
        java.util.Set<String> names = new java.util.HashSet<>();
        if (versions != null) {
            names.add(versions.stable().name());
            names.add(versions.canary().name());
            names.forEach(n -> pins.computeIfAbsent(n, k -> new Pin(k, telemetryUri)));
        }
        pins.values().removeIf(p -> {
            if (names.contains(p.version)) {
                return false;
            }
            p.close();
            return true;
        });
    }

    io.meshportal.fleet.Versions split() {
        return split;
    }

    /** The pins of the current split, stable first, each version once. */
    java.util.List<Pin> pins() {
        io.meshportal.fleet.Versions v = split;
        if (v == null) {
            return java.util.List.of();
        }
        java.util.List<Pin> list = new java.util.ArrayList<>(2);
        Pin stable = pins.get(v.stable().name());
        Pin canary = pins.get(v.canary().name());
        if (stable != null) {
            list.add(stable);
        }
        if (canary != null && canary != stable) {
            list.add(canary);
        }
        return list;
    }

    /**
     * What the counter reads this round: each version's last answer and share while a split runs (the shares of
     * the mesh's weights; a version at weight 0 is reached only by its header route and runs no share), else the
     * one unpinned answer with the whole plant.
     */
    java.util.List<VersionReading> readings() {
        io.meshportal.fleet.Versions v = split;
        if (v == null) {
            TelemetrySnapshot r = raw;
            return r == null ? java.util.List.of() : java.util.List.of(new VersionReading(r.version(), 1, r, null));
        }
        java.util.List<VersionReading> list = new java.util.ArrayList<>(2);
        for (Pin p : pins()) {
            // a version's share is the weight of every route to it: while a promotion relabels the stable
            // Deployment, stable and canary name the same version and it runs the whole plant
            int weight = (p.version.equals(v.stable().name()) ? v.stableWeight() : 0)
                    + (p.version.equals(v.canary().name()) ? v.canaryWeight() : 0);
            list.add(new VersionReading(p.version, weight / 100.0, p.latest, p.problem));
        }
        return list;
    }

    /** The round's counted figures and, while a split runs, each version's own. */
    void counted(TelemetrySnapshot figures, java.util.List<VersionReading> readings) {
        latest = figures;
        versionReadings = split == null ? java.util.List.of() : java.util.List.copyOf(readings);
    }

    TelemetrySnapshot latest() {
        return latest;
    }

    /** The factory left the fleet (or moved): its kept connections are closed. */
    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        pins.values().forEach(Pin::close);
    }

    void failed(FactoryStatus status, String error, long latencyMs) {
        health.updateAndGet(h -> new FactoryHealth(status, h.lastGoodAt(), error, latencyMs));
    }
}
