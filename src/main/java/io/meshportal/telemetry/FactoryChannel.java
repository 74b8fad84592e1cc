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
    private volatile TelemetrySnapshot latest;

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
        return new FactoryTelemetry(ref, health.get(), latest);
    }

    void succeeded(TelemetrySnapshot snapshot, FactoryHealth newHealth) {
        latest = snapshot;
        health.set(newHealth);
    }

    /** The factory left the fleet (or moved): its kept connections are closed. */
    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    void failed(FactoryStatus status, String error, long latencyMs) {
        health.updateAndGet(h -> new FactoryHealth(status, h.lastGoodAt(), error, latencyMs));
    }
}
