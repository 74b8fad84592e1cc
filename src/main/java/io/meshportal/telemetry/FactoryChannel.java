package io.meshportal.telemetry;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;
import java.util.concurrent.atomic.AtomicReference;

/** Everything the pollers keep per factory: its guards, its last result and its history. */
final class FactoryChannel {

    final FactoryRef ref;
    final CircuitBreaker breaker;
    final Bulkhead bulkhead;
    final History history;
    private final AtomicReference<FactoryHealth> health = new AtomicReference<>(FactoryHealth.PENDING);
    private volatile TelemetrySnapshot latest;

    FactoryChannel(FactoryRef ref, CircuitBreaker breaker, Bulkhead bulkhead, History history) {
        this.ref = ref;
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

    void failed(FactoryStatus status, String error, long latencyMs) {
        health.updateAndGet(h -> new FactoryHealth(status, h.lastGoodAt(), error, latencyMs));
    }
}
