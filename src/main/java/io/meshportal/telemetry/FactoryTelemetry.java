package io.meshportal.telemetry;

import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.FactoryRef;

/**
 * One factory in one tick: where it is, its health, and its figures (null until the first snapshot). The figures
 * are the portal's count: today and the current shift in the factory's local time, and — while it runs two
 * versions — each version's own increases combined by its share of the plant; rates are the versions' rates
 * combined the same way. The snapshot may be old: show {@link FactoryHealth#age} next to its numbers.
 *
 * @param versions each version's own last snapshot while the factory runs more than one; empty otherwise
 */
public record FactoryTelemetry(
        FactoryRef ref, FactoryHealth health, TelemetrySnapshot latest, java.util.List<VersionReading> versions) {

    public FactoryTelemetry {
        versions = versions == null ? java.util.List.of() : java.util.List.copyOf(versions);
    }

    public FactoryTelemetry(FactoryRef ref, FactoryHealth health, TelemetrySnapshot latest) {
        this(ref, health, latest, java.util.List.of());
    }

    public String id() {
        return ref.id();
    }
}
