package io.meshportal.fleet.kubernetes;

import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.fleet.Workload;
import java.time.Clock;
import java.util.List;

/**
 * Factories on Kubernetes clusters, one per country: the fleet port over {@link KubernetesReads} and
 * {@link KubernetesEvents} (informer caches) and {@link KubernetesChanges} (requests with timeouts). The mesh is
 * {@link KubernetesTraffic}.
 */
public final class KubernetesFleet implements Fleet {

    private final KubernetesReads reads;
    private final KubernetesEvents events;
    private final KubernetesChanges changes;
    private final KubernetesTraffic traffic;
    private final KubernetesVersions versions;
    private final KubernetesLogs logs;

    KubernetesFleet(Clusters clusters, ConfigCluster config, KubernetesProperties properties, Clock clock) {
        this.reads = new KubernetesReads(clusters, properties);
        this.events = new KubernetesEvents(clusters);
        this.logs = new KubernetesLogs(clusters, java.time.Duration.ofSeconds(1));
        this.changes = new KubernetesChanges(clusters, reads, properties, clock);
        this.traffic = new KubernetesTraffic(clusters, config, reads);
        this.versions = new KubernetesVersions(
                clusters, new CanaryRouting(reads, traffic), changes::awaitAvailable, changes::awaitRolledOut);
    }

    KubernetesTraffic traffic() {
        return traffic;
    }

    @Override
    public List<FactoryRef> factories() {
        return reads.factories();
    }

    @Override
    public List<ClusterInfo> clusters() {
        return reads.clusters();
    }

    @Override
    public List<Workload> workloads() {
        return reads.workloads();
    }

    @Override
    public FactoryRef create(NewFactory request, Progress progress) {
        return changes.create(request, progress);
    }

    @Override
    public void delete(String factoryId, Progress progress) {
        changes.delete(factoryId, progress);
    }

    @Override
    public void scale(String factoryId, int replicas, Progress progress) {
        changes.scale(factoryId, replicas, progress);
    }

    @Override
    public void autoscale(String factoryId, Autoscaling bounds) {
        changes.autoscale(factoryId, bounds);
    }

    @Override
    public void restart(String factoryId, Progress progress) {
        changes.restart(factoryId, progress);
    }

    @Override
    public List<io.meshportal.fleet.FactoryEvent> events(String factoryId) {
        return events.events(factoryId);
    }

    @Override
    public List<io.meshportal.fleet.LogSource> logSources(String factoryId) {
        return logs.sources(factoryId);
    }

    @Override
    public Runnable followLog(
            String factoryId,
            String source,
            io.meshportal.fleet.LogQuery query,
            io.meshportal.fleet.LogListener listener) {
        return logs.follow(factoryId, source, query, listener);
    }

    @Override
    public List<io.meshportal.fleet.Manifest> manifests(String factoryId) {
        return reads.manifests(factoryId);
    }

    @Override
    public Versions versions(String factoryId) {
        return versions.versions(factoryId);
    }

    @Override
    public java.util.Map<String, Versions> splits() {
        return versions.splits();
    }

    @Override
    public void deployCanary(String factoryId, NewVersion version, Progress progress) {
        versions.deployCanary(factoryId, version, progress);
    }

    @Override
    public void weigh(String factoryId, int canaryWeight) {
        versions.weigh(factoryId, canaryWeight);
    }

    @Override
    public void promote(String factoryId, Progress progress) {
        versions.promote(factoryId, progress);
    }

    @Override
    public void removeCanary(String factoryId, Progress progress) {
        versions.removeCanary(factoryId, progress);
    }
}
