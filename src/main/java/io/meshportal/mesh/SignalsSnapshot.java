package io.meshportal.mesh;

import io.meshportal.security.Viewer;
import java.time.Instant;
import java.util.List;

/**
 * The mesh signals as last read, or why there are none.
 *
 * @param message why the state is not READY; null when it is
 */
public record SignalsSnapshot(
        Instant at,
        State state,
        String source,
        String message,
        List<FactorySignals> factories,
        List<TrafficEdge> edges) {

    public SignalsSnapshot {
        factories = List.copyOf(factories);
        edges = List.copyOf(edges);
    }

    public enum State {
        /** Figures are current. */
        READY,
        /** The source does not answer (down, hung, or not the right server): no figures until it does. */
        DOWN,
        /** No source is configured (Kubernetes without meshportal.mesh.prometheus-url). */
        NOT_CONFIGURED
    }

    /** Only what the viewer may see: a factory manager sees their own factory's signals and edges. */
    public SignalsSnapshot scopedTo(Viewer viewer) {
        if (viewer.seesAllFactories()) {
            return this;
        }
        return new SignalsSnapshot(
                at,
                state,
                source,
                message,
                factories.stream().filter(f -> viewer.canSee(f.factoryId())).toList(),
                edges.stream().filter(e -> viewer.canSee(e.factoryId())).toList());
    }
}
