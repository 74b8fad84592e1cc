package io.meshportal.telemetry;

import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;

/**
 * One factory in one tick: where it is, its health, and its last good snapshot (null until the first one).
 * The snapshot may be old: show {@link FactoryHealth#age} next to its numbers.
 */
public record FactoryTelemetry(FactoryRef ref, FactoryHealth health, TelemetrySnapshot latest) {

    public String id() {
        return ref.id();
    }
}
