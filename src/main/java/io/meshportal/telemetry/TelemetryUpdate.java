package io.meshportal.telemetry;

import io.meshportal.security.Viewer;
import java.time.Instant;
import java.util.List;

/** What one tick pushes to a UI: the factories its user may see and their totals. */
public record TelemetryUpdate(Instant at, List<FactoryTelemetry> factories, FleetTotals totals) {

    static TelemetryUpdate of(Instant at, List<FactoryTelemetry> factories) {
        return new TelemetryUpdate(at, List.copyOf(factories), FleetTotals.of(factories));
    }

    /** The same tick restricted to what {@code viewer} may see, totals recomputed over that subset. */
    TelemetryUpdate scopedTo(Viewer viewer) {
        if (viewer.seesAllFactories()) {
            return this;
        }
        return of(at, factories.stream().filter(f -> viewer.canSee(f.id())).toList());
    }
}
