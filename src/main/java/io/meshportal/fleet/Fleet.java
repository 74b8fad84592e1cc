package io.meshportal.fleet;

import java.util.List;

/**
 * The port to wherever factories run: the embedded local fleet or Kubernetes clusters. Reads answer from the
 * adapter's own state without blocking on a remote call; changes block until done (the service runs them off the
 * UI thread) and report their steps. Every adapter offers every capability; a mesh is a separate port
 * ({@link TrafficPort}).
 */
public interface Fleet extends FactorySource {

    List<ClusterInfo> clusters();

    List<Workload> workloads();

    FactoryRef create(NewFactory request, Progress progress);

    void delete(String factoryId, Progress progress);

    void scale(String factoryId, int replicas, Progress progress);

    /** Sets autoscaling bounds, or turns autoscaling off with null. */
    void autoscale(String factoryId, Autoscaling bounds);

    void restart(String factoryId, Progress progress);
}
