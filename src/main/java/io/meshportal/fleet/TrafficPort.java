package io.meshportal.fleet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The port to the service mesh's traffic configuration of each factory, in typed objects
 * ({@link TrafficObjects}). How the mesh stores them (Istio's resources and their wire format) is the adapter's
 * business. On the embedded default there is no mesh: {@link #supported()} is false and nothing else is called.
 */
public interface TrafficPort {

    boolean supported();

    /** Cluster name → whether the mesh's configuration API is served there. */
    Map<String, Boolean> meshClusters();

    /** Where the traffic objects live and whether they can be used now; empty without a mesh. */
    Optional<MeshConfigStatus> configCluster();

    /** The versions the factory's pods run (their {@code version} label): what traffic can be routed to. */
    Set<String> versions(FactoryRef factory);

    /** The factory's objects as the mesh has them; {@link TrafficObjects#NONE} when it has none. */
    TrafficObjects read(FactoryRef factory);

    /** Creates or replaces the objects given and removes the factory's managed objects that are null. */
    void apply(FactoryRef factory, TrafficObjects objects);

    /** The factory's mesh resources as the mesh holds them, as YAML without what the API server adds. */
    List<Manifest> manifests(FactoryRef factory);

    /** No mesh: what the embedded default offers. */
    TrafficPort NONE = new TrafficPort() {
        @Override
        public boolean supported() {
            return false;
        }

        @Override
        public Map<String, Boolean> meshClusters() {
            return Map.of();
        }

        @Override
        public Optional<MeshConfigStatus> configCluster() {
            return Optional.empty();
        }

        @Override
        public Set<String> versions(FactoryRef factory) {
            return Set.of();
        }

        @Override
        public TrafficObjects read(FactoryRef factory) {
            throw new UnsupportedOperationException("No service mesh here");
        }

        @Override
        public void apply(FactoryRef factory, TrafficObjects objects) {
            throw new UnsupportedOperationException("No service mesh here");
        }

        @Override
        public List<Manifest> manifests(FactoryRef factory) {
            return List.of();
        }
    };
}
