package io.meshportal.mesh;

import io.meshportal.fleet.MtlsMode;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficObjects.Access;
import io.meshportal.fleet.TrafficObjects.Destination;
import io.meshportal.fleet.TrafficObjects.PeerAuthentication;
import io.meshportal.fleet.TrafficObjects.Retries;
import io.meshportal.fleet.TrafficObjects.Routing;
import io.meshportal.fleet.TrafficObjects.Subset;
import io.meshportal.fleet.TrafficObjects.WeightedSubset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MeshPolicy} ↔ the factory's {@link TrafficObjects}. A policy always becomes routing, destination and
 * peer authentication; access only when principals are set. Reading back, a missing object means what the mesh
 * does without it (Istio's defaults: 15 s timeout, no retries, PERMISSIVE mTLS, everyone may call).
 */
final class TrafficMapping {

    static final String STABLE = TrafficObjects.STABLE;
    static final String CANARY = TrafficObjects.CANARY;

    private TrafficMapping() {}

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    /** The portal's record of an applied policy, kept with the objects. */
    static String note(MeshPolicy p) {
        return JSON.writeValueAsString(p);
    }

    /** The policy a note records (see {@link #note}). */
    static MeshPolicy fromNote(String note) {
        return JSON.readValue(note, MeshPolicy.class);
    }

    static TrafficObjects toObjects(MeshPolicy p, String note) {
        Retries retries = p.retryAttempts() == 0
                ? new Retries(0, null, null)
                : new Retries(p.retryAttempts(), p.perTryTimeout(), p.retryOn());
        List<WeightedSubset> routes = new ArrayList<>();
        List<Subset> subsets = new ArrayList<>();
        routes.add(new WeightedSubset(STABLE, p.stableWeight()));
        subsets.add(new Subset(STABLE, p.stableVersion()));
        if (p.canaryWeight() > 0) {
            routes.add(new WeightedSubset(CANARY, p.canaryWeight()));
            subsets.add(new Subset(CANARY, p.canaryVersion()));
        }
        return new TrafficObjects(
                new Routing(p.timeout(), retries, routes),
                new Destination(
                        p.maxConnections(),
                        p.maxPendingRequests(),
                        p.consecutive5xxErrors(),
                        p.baseEjectionTime(),
                        p.mtls() != MtlsMode.DISABLE,
                        subsets),
                new PeerAuthentication(p.mtls()),
                p.allowedPrincipals().isEmpty() ? null : new Access(p.allowedPrincipals()),
                note);
    }

    static MeshPolicy fromObjects(TrafficObjects o) {
        Routing routing = o.routing() != null
                ? o.routing()
                : new Routing(Duration.ofSeconds(15), new Retries(0, null, null), List.of());
        int stableWeight = 100;
        int canaryWeight = 0;
        for (WeightedSubset route : routing.routes()) {
            if (CANARY.equals(route.subset())) {
                canaryWeight = route.weight();
            } else {
                stableWeight = route.weight();
            }
        }
        Destination destination = o.destination() != null
                ? o.destination()
                : new Destination(1024, 1024, 5, Duration.ofSeconds(30), true, List.of());
        String stableVersion = "v1";
        String canaryVersion = "v2";
        for (Subset subset : destination.subsets()) {
            if (CANARY.equals(subset.name())) {
                canaryVersion = subset.version();
            } else {
                stableVersion = subset.version();
            }
        }
        MtlsMode mtls = o.peerAuthentication() == null
                ? MtlsMode.PERMISSIVE
                : o.peerAuthentication().mode();
        Retries retries = routing.retries();
        return new MeshPolicy(
                routing.timeout(),
                retries.attempts(),
                retries.perTryTimeout(),
                retries.retryOn(),
                destination.maxConnections(),
                destination.maxPendingRequests(),
                destination.consecutive5xxErrors(),
                destination.baseEjectionTime(),
                stableVersion,
                canaryVersion,
                stableWeight,
                canaryWeight,
                mtls,
                o.access() == null ? List.of() : o.access().principals());
    }

    /** Istio duration text, for summaries: whole seconds as "2s", otherwise milliseconds "800ms". */
    static String duration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
