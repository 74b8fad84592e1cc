package io.meshportal.fleet;

import java.util.List;

/**
 * A factory as a running workload (a Deployment in Kubernetes). CPU and memory are null where they cannot be
 * measured.
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

    /** One instance (a Pod in Kubernetes). */
    public record Replica(String name, String endpoint, boolean ready) {}
}
