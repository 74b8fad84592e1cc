package io.meshportal.fleet.kubernetes;

import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficObjects.Destination;
import io.meshportal.fleet.TrafficObjects.Retries;
import io.meshportal.fleet.TrafficObjects.Routing;
import io.meshportal.fleet.TrafficObjects.Subset;
import io.meshportal.fleet.TrafficObjects.WeightedSubset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The split between a factory's stable and canary versions in the mesh: writes the weights and a subset per version
 * into the factory's VirtualService and DestinationRule (through {@link KubernetesTraffic}), and remembers the
 * canary's share so the versions page need not read the config cluster each time.
 */
final class CanaryRouting {

    /** Istio's route timeout when a VirtualService gives none, as the portal reads it back elsewhere. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final KubernetesReads reads;
    private final KubernetesTraffic traffic;
    /** The canary's share as last written; read from the VirtualService when not known yet. */
    private final Map<String, Integer> weights = new ConcurrentHashMap<>();

    CanaryRouting(KubernetesReads reads, KubernetesTraffic traffic) {
        this.reads = reads;
        this.traffic = traffic;
    }

    /** The canary's share as last written, or as the mesh has it. */
    int canaryWeight(ClusterClient cluster, String factoryId) {
        Integer known = weights.get(factoryId);
        if (known != null) {
            return known;
        }
        try {
            int read = weightInMesh(cluster, factoryId);
            weights.put(factoryId, read);
            return read;
        } catch (RuntimeException e) {
            // the config cluster cannot be read now: no requests are known to reach the canary; not remembered,
            // so the next ask reads again
            return 0;
        }
    }

    /** Reads of the mesh's weight under way, one per factory. */
    private final java.util.Set<String> reading = ConcurrentHashMap.newKeySet();

    /**
     * The canary's share if known without a request, else null — and then read from the mesh in the background,
     * so the telemetry round that asks never waits on the config cluster.
     */
    Integer knownCanaryWeight(ClusterClient cluster, String factoryId) {
        Integer known = weights.get(factoryId);
        if (known == null && reading.add(factoryId)) {
            Thread.startVirtualThread(() -> {
                try {
                    canaryWeight(cluster, factoryId); // unreadable now: asked again on a later round
                } finally {
                    reading.remove(factoryId);
                }
            });
        }
        return known;
    }

    private int weightInMesh(ClusterClient cluster, String factoryId) {
        Routing routing = traffic.read(ref(cluster, factoryId)).routing();
        if (routing == null) {
            return 0;
        }
        return routing.routes().stream()
                .filter(r -> TrafficObjects.CANARY.equals(r.subset()))
                .mapToInt(WeightedSubset::weight)
                .findFirst()
                .orElse(0);
    }

    /**
     * Writes the split into the factory's VirtualService and DestinationRule, keeping the rest of its traffic
     * policy (timeouts, retries, circuit breaking, mTLS, access) as it is.
     *
     * @param canary null: the stable version only
     */
    void route(ClusterClient cluster, String factoryId, String stable, String canary, int canaryWeight) {
        FactoryRef ref = ref(cluster, factoryId);
        TrafficObjects current = traffic.read(ref);
        List<WeightedSubset> routes = new ArrayList<>();
        List<Subset> subsets = new ArrayList<>();
        routes.add(new WeightedSubset(TrafficObjects.STABLE, 100 - canaryWeight));
        subsets.add(new Subset(TrafficObjects.STABLE, stable));
        if (canary != null) {
            routes.add(new WeightedSubset(TrafficObjects.CANARY, canaryWeight));
            subsets.add(new Subset(TrafficObjects.CANARY, canary));
        }
        Routing routing = current.routing() == null
                ? new Routing(DEFAULT_TIMEOUT, new Retries(0, null, null), routes)
                : new Routing(current.routing().timeout(), current.routing().retries(), routes);
        Destination d = current.destination();
        Destination destination = d == null
                ? new Destination(1024, 1024, 5, Duration.ofSeconds(30), true, subsets)
                : new Destination(
                        d.maxConnections(),
                        d.maxPendingRequests(),
                        d.consecutive5xxErrors(),
                        d.baseEjectionTime(),
                        d.mutualTls(),
                        subsets);
        traffic.apply(ref, current.withSplit(routing, destination));
        if (canary == null) {
            weights.remove(factoryId);
        } else {
            weights.put(factoryId, canaryWeight);
        }
    }

    private FactoryRef ref(ClusterClient cluster, String factoryId) {
        return reads.factories().stream()
                .filter(f -> f.id().equals(factoryId))
                .findFirst()
                .orElseGet(() -> reads.ref(cluster, factoryId, factoryId, null));
    }
}
