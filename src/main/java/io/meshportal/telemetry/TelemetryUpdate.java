package io.meshportal.telemetry;

import io.meshportal.security.Viewer;
import java.time.Instant;
import java.util.List;

/**
 * What one tick pushes to a UI: the factories its user may see, their totals and their countries (sorted) —
 * worked out once per tick and shared by every screen showing the same scope, not once per screen.
 */
public record TelemetryUpdate(
        Instant at, List<FactoryTelemetry> factories, FleetTotals totals, List<String> countries) {

    static TelemetryUpdate of(Instant at, List<FactoryTelemetry> factories) {
        java.util.TreeSet<String> countries = new java.util.TreeSet<>();
        factories.forEach(f -> countries.add(f.ref().country()));
        return new TelemetryUpdate(at, List.copyOf(factories), FleetTotals.of(factories), List.copyOf(countries));
    }

    /** The same tick restricted to what {@code viewer} may see, totals recomputed over that subset. */
    TelemetryUpdate scopedTo(Viewer viewer) {
        if (viewer.seesAllFactories()) {
            return this;
        }
        return of(at, factories.stream().filter(f -> viewer.canSee(f.id())).toList());
    }
}
