package io.meshportal.fleet;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One factory's traffic configuration in the mesh, as typed objects: its request routing (Istio VirtualService),
 * its destination policy (DestinationRule), its inbound mTLS mode (PeerAuthentication) and who may call it
 * (AuthorizationPolicy). An object that does not exist is null.
 *
 * @param note the portal's own record kept with the objects (the policy it last applied), or null
 */
public record TrafficObjects(
        Routing routing, Destination destination, PeerAuthentication peerAuthentication, Access access, String note) {

    public static final TrafficObjects NONE = new TrafficObjects(null, null, null, null, null);

    /** The subset of the stable version, and of the canary, as routes and the rollout name them. */
    public static final String STABLE = "stable";

    public static final String CANARY = "canary";

    /** The kinds of object, by the names the mesh gives them. */
    public enum Kind {
        VIRTUAL_SERVICE("VirtualService"),
        DESTINATION_RULE("DestinationRule"),
        PEER_AUTHENTICATION("PeerAuthentication"),
        AUTHORIZATION_POLICY("AuthorizationPolicy");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The same objects with other routing and destination (the rest, and the note, kept). */
    public TrafficObjects withSplit(Routing newRouting, Destination newDestination) {
        return new TrafficObjects(newRouting, newDestination, peerAuthentication, access, note);
    }

    public Set<Kind> kinds() {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (routing != null) {
            kinds.add(Kind.VIRTUAL_SERVICE);
        }
        if (destination != null) {
            kinds.add(Kind.DESTINATION_RULE);
        }
        if (peerAuthentication != null) {
            kinds.add(Kind.PEER_AUTHENTICATION);
        }
        if (access != null) {
            kinds.add(Kind.AUTHORIZATION_POLICY);
        }
        return kinds;
    }

    /**
     * Requests to the factory: one HTTP route with a timeout, retries and weighted version subsets. Besides it,
     * each subset of the destination gets a route for requests that name its version in the
     * {@link Versions#HEADER} header (how each version is watched on its own).
     */
    public record Routing(Duration timeout, Retries retries, List<WeightedSubset> routes) {

        public Routing {
            routes = List.copyOf(routes);
        }
    }

    /** @param perTryTimeout null when attempts is 0 */
    public record Retries(int attempts, Duration perTryTimeout, String retryOn) {}

    public record WeightedSubset(String subset, int weight) {}

    /**
     * Calls to the factory: connection pool, outlier detection (circuit breaking), the client side's TLS and the
     * version subsets routes refer to.
     */
    public record Destination(
            int maxConnections,
            int maxPendingRequests,
            int consecutive5xxErrors,
            Duration baseEjectionTime,
            boolean mutualTls,
            List<Subset> subsets) {

        public Destination {
            subsets = List.copyOf(subsets);
        }
    }

    /** A named subset: the factory's pods of one version. */
    public record Subset(String name, String version) {}

    public record PeerAuthentication(MtlsMode mode) {}

    /** Only these workload principals may call the factory. */
    public record Access(List<String> principals) {

        public Access {
            principals = List.copyOf(principals);
        }
    }
}
