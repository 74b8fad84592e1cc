package io.meshportal.fleet;

import java.time.Instant;
import java.util.List;

/**
 * A factory as a running workload (a Deployment in Kubernetes). CPU and memory are null where they cannot be
 * measured: absent, never shown as zero.
 */
public record Workload(
        String factoryId,
        String name,
        String country,
        String cluster,
        int desiredReplicas,
        int readyReplicas,
        Autoscaling autoscaling,
        Double cpuCores,
        Long memoryBytes,
        List<Replica> replicas) {

    public Workload {
        replicas = List.copyOf(replicas);
    }

    /**
     * One instance (a Pod in Kubernetes), as a pod list shows it.
     *
     * @param phase     Pending, Running, Succeeded, Failed or Unknown
     * @param node      where it runs; null when not scheduled yet
     * @param startedAt null when not started yet
     * @param version   its {@code version} label (what traffic routing selects), or null
     */
    public record Replica(
            String name,
            String endpoint,
            boolean ready,
            String phase,
            int restarts,
            String node,
            Instant startedAt,
            Double cpuCores,
            Long memoryBytes,
            String version) {}
}
