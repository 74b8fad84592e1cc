package io.meshportal.fleet;

import java.util.List;
import java.util.Map;

/**
 * The port to wherever factories run: the embedded local fleet or Kubernetes clusters. Reads answer from the
 * adapter's own state without blocking on a remote call; changes block until done (the service runs them off
 * the UI thread) and report their steps.
 */
public interface Fleet {

    /** Every factory currently known, in no particular order. */
    List<FactoryRef> factories();

    default List<ClusterInfo> clusters() {
        return List.of();
    }

    default List<Workload> workloads() {
        return List.of();
    }

    default FactoryRef create(NewFactory request, Progress progress) {
        throw new UnsupportedOperationException("This fleet cannot create factories");
    }

    default void delete(String factoryId, Progress progress) {
        throw new UnsupportedOperationException("This fleet cannot delete factories");
    }

    default void scale(String factoryId, int replicas, Progress progress) {
        throw new UnsupportedOperationException("This fleet cannot scale factories");
    }

    /** Sets autoscaling bounds, or turns autoscaling off with null. */
    default void autoscale(String factoryId, Autoscaling bounds) {
        throw new UnsupportedOperationException("This fleet cannot autoscale factories");
    }

    default void restart(String factoryId, Progress progress) {
        throw new UnsupportedOperationException("This fleet cannot restart factories");
    }

    /** Whether this fleet runs in a service mesh whose traffic policy the portal can manage. */
    default boolean meshSupported() {
        return false;
    }

    /** Clusters by name → whether Istio's APIs are served there. */
    default Map<String, Boolean> meshClusters() {
        return Map.of();
    }

    /** The factory's mesh resources by kind (VirtualService, DestinationRule, …); missing kinds are absent. */
    default Map<String, Map<String, Object>> meshResources(String factoryId) {
        throw new UnsupportedOperationException("No service mesh here");
    }

    /** Creates or replaces the given mesh resources, and deletes the factory's managed kinds not given. */
    default void applyMesh(String factoryId, Map<String, Map<String, Object>> resources) {
        throw new UnsupportedOperationException("No service mesh here");
    }
}
