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

    /** What happened to the factory's workload, newest first (at most {@link #MAX_EVENTS}); empty for none. */
    List<FactoryEvent> events(String factoryId);

    int MAX_EVENTS = 100;

    /** The factory's replicas (pods) whose logs can be read; empty for an unknown factory. */
    List<LogSource> logSources(String factoryId);

    /**
     * Follows one replica's log: the lines the query asks for, then each new one, until the returned handle is run.
     * A broken stream is resumed where it stopped, or ended with a reason.
     *
     * @throws java.util.NoSuchElementException when the factory has no such replica
     */
    Runnable followLog(String factoryId, String source, LogQuery query, LogListener listener);

    /**
     * The factory's Deployment, Service and autoscaler as YAML that can be applied to a cluster: in a cluster, the
     * objects it holds without what the API server adds (status, uid, managed fields); on the embedded fleet, the
     * objects the portal would create for the factory there. Empty for an unknown factory.
     */
    List<Manifest> manifests(String factoryId);

    /** The versions the factory runs and the canary's share of requests. */
    Versions versions(String factoryId);

    /**
     * Starts a canary version beside the stable one, with no requests yet (weight 0). Refused when a canary runs;
     * when it fails, nothing of the new version is left behind.
     */
    void deployCanary(String factoryId, NewVersion version, Progress progress);

    /** Sends {@code canaryWeight} percent of requests to the canary and the rest to the stable version. */
    void weigh(String factoryId, int canaryWeight);

    /**
     * The canary becomes the stable version: all requests go to it, the factory's own workload is rolled to it,
     * and everything of the old version is removed.
     */
    void promote(String factoryId, Progress progress);

    /** All requests back to the stable version and the canary removed (a roll-back). No-op without a canary. */
    void removeCanary(String factoryId, Progress progress);
}
