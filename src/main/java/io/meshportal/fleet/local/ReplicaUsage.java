package io.meshportal.fleet.local;

import io.meshportal.factory.FactoryServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One factory's CPU and request-rate readings, from its replicas' own counters: replicas share the portal's process,
 * so these are the per-factory figures the autoscaler sizes to and the pages show. A stopped replica's counts are
 * kept as retired totals, so a scale-down or restart does not make the readings jump back.
 */
final class ReplicaUsage {

    private final AtomicLong retiredCpuNanos = new AtomicLong();
    private final AtomicLong retiredRequests = new AtomicLong();
    private volatile Double cpuCores;
    private volatile double requestsPerSecond;
    private long lastCpuNanos;
    private long lastRequests;
    private long lastSampleAt = System.nanoTime();

    /** CPU cores used between the last two readings; null before the first. */
    Double cpuCores() {
        return cpuCores;
    }

    double requestsPerSecond() {
        return requestsPerSecond;
    }

    /** Keeps a stopping replica's counts. */
    void retired(FactoryServer replica) {
        retiredCpuNanos.addAndGet(replica.cpuNanos());
        retiredRequests.addAndGet(replica.requests());
    }

    /**
     * Updates the readings from the running replicas' counters. The caller holds the replica pools still, so no
     * replica is counted both running and retired.
     */
    synchronized void sample(List<FactoryServer> running) {
        long now = System.nanoTime();
        long cpu = retiredCpuNanos.get()
                + running.stream().mapToLong(FactoryServer::cpuNanos).sum();
        long requests = retiredRequests.get()
                + running.stream().mapToLong(FactoryServer::requests).sum();
        double seconds = (now - lastSampleAt) / 1e9;
        if (seconds > 0.5) {
            cpuCores = (cpu - lastCpuNanos) / 1e9 / seconds;
            requestsPerSecond = (requests - lastRequests) / seconds;
            lastCpuNanos = cpu;
            lastRequests = requests;
            lastSampleAt = now;
        }
    }
}
