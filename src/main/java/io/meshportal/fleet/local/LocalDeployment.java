package io.meshportal.fleet.local;

import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FactoryEvent;
import io.meshportal.fleet.LogListener;
import io.meshportal.fleet.LogQuery;
import io.meshportal.fleet.LogSource;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.fleet.Workload;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One factory of the embedded fleet, shaped like its Kubernetes counterpart: replicas are real factory servers
 * (pods) behind a stable loopback port that spreads requests over them (the Service). It runs a stable version and
 * at most one canary beside it; the Service splits requests between them by weight, and a request that names a
 * version in {@link Versions#HEADER} goes to that version, as the VirtualService's header-matched routes do.
 *
 * <p>This class puts the parts together and is what the fleet talks to: the versions and their replicas
 * ({@link Releases}), the Service ({@link ServiceProxy}), the probes ({@link ReplicaProbes}), the readings
 * ({@link ReplicaUsage}), the logs ({@link ReplicaLogs}) and the events ({@link EventLog}).
 */
final class LocalDeployment implements AutoCloseable {

    private final HttpClient client;
    /** What happened to this factory's replicas, for its events list. */
    private final EventLog events = new EventLog(Clock.systemUTC());

    private final ReplicaUsage usage = new ReplicaUsage();
    private final ReplicaLogs logs;
    private final ReplicaProbes probes;
    private final Releases releases;
    private final ServiceProxy service;
    private volatile Autoscaling autoscaling;

    LocalDeployment(FactorySpec spec, int replicaCount, Autoscaling autoscaling, Progress progress) {
        this(spec, replicaCount, autoscaling, progress, null, Duration.ofSeconds(10));
    }

    /**
     * @param meters       where the Service proxy's request metrics go (null: not measured)
     * @param restartDelay how long a dead replica stays down before it is started again (the kubelet's first
     *                     back-off is 10 s)
     */
    LocalDeployment(
            FactorySpec spec,
            int replicaCount,
            Autoscaling autoscaling,
            Progress progress,
            MeterRegistry meters,
            Duration restartDelay) {
        this.autoscaling = autoscaling;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        this.logs = new ReplicaLogs(spec.id());
        this.probes = new ReplicaProbes(client, restartDelay, events);
        this.releases = new Releases(spec, new ReplicaLifecycle(spec.id(), events, probes, usage, logs), events);
        this.service = new ServiceProxy(releases, probes::isReady, client, meters);
        releases.scale(replicaCount, progress);
        service.start();
    }

    FactorySpec spec() {
        return releases.stable();
    }

    /** The stable address of the factory API (the Service); ends with '/'. */
    URI baseUrl() {
        return service.baseUrl();
    }

    int port() {
        return service.port();
    }

    /** The stable version's replicas. */
    List<FactoryServer> replicas() {
        return List.copyOf(releases.stableReplicas());
    }

    Autoscaling autoscaling() {
        return autoscaling;
    }

    void autoscaling(Autoscaling bounds) {
        this.autoscaling = bounds;
    }

    double requestsPerSecond() {
        return usage.requestsPerSecond();
    }

    void scale(int count, Progress progress) {
        releases.scale(count, progress);
    }

    /** Rolling restart: a new replica is up before an old one goes, so the factory never stops answering. */
    void restart(Progress progress) {
        releases.restart(progress);
    }

    Versions versions() {
        return releases.versions(probes::isReady);
    }

    boolean hasCanary() {
        return releases.canary() != null;
    }

    /** Starts the canary's replicas; it gets requests only once weighed. */
    void deployCanary(FactorySpec canary, int count, Progress progress) {
        releases.deployCanary(canary, count, progress);
    }

    void weigh(int weight) {
        releases.weigh(weight);
    }

    /** The canary becomes stable, its version replacing the stable replicas one by one; see {@link Releases}. */
    void promote(Progress progress) {
        releases.promote(progress);
        service.retireStoppedVersions(); // the old stable version's series go
    }

    /** Every request back to stable, then the canary's replicas stopped. */
    void removeCanary(Progress progress) {
        releases.removeCanary(progress);
        service.retireStoppedVersions(); // the canary's series go
    }

    /** Updates CPU and request-rate readings from the replicas' own counters. */
    void sample() {
        synchronized (releases) { // no replica retired meanwhile: its counts would be read twice
            usage.sample(releases.all());
        }
    }

    /** One round of probes of every replica; whether anything the pages show changed. */
    boolean probe() {
        return probes.probe(releases::all, releases::replaceDead);
    }

    Workload workload(String cluster) {
        List<Workload.Replica> pods = new ArrayList<>();
        for (FactoryServer r : releases.all()) {
            ReplicaProbes.Status health = probes.status(r);
            pods.add(new Workload.Replica(
                    releases.podName(r, releases.indexOf(r)),
                    r.baseUrl(),
                    health.ready(),
                    health.dead() ? "Failed" : "Running",
                    health.restarts(),
                    "local",
                    null,
                    null,
                    null,
                    r.spec().version()));
        }
        FactorySpec spec = releases.stable();
        // Memory stays null: replicas share the portal's heap, so a per-factory figure would be invented.
        return new Workload(
                spec.id(),
                spec.name(),
                spec.country(),
                cluster,
                releases.stableReplicas().size(),
                (int) pods.stream().filter(Workload.Replica::ready).count(),
                autoscaling,
                usage.cpuCores(),
                null,
                pods);
    }

    List<FactoryEvent> events() {
        return events.list();
    }

    /** Every replica's log, stable replicas first; a replica is named for its life by its version and port. */
    List<LogSource> logSources() {
        return logs.sources(releases.all(), r -> probes.status(r).dead());
    }

    /** Follows a replica's own log (the lines its process keeps); ended when the replica is stopped or replaced. */
    Runnable followLog(String source, LogQuery query, LogListener listener) {
        return logs.follow(releases.all(), source, query, listener);
    }

    @Override
    public void close() {
        service.close();
        releases.stopAll();
        client.close();
    }
}
