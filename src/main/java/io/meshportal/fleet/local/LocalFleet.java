package io.meshportal.fleet.local;

import io.meshportal.base.DataProperties;
import io.meshportal.factory.FactoryConfig;
import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.ProductLine;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.DemoFactoriesSeeded;
import io.meshportal.fleet.FactoryEvent;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.FleetChanges;
import io.meshportal.fleet.LogListener;
import io.meshportal.fleet.LogQuery;
import io.meshportal.fleet.LogSource;
import io.meshportal.fleet.Manifest;
import io.meshportal.fleet.ManifestWriter;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.fleet.Workload;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default: each factory is a {@link LocalDeployment} of real factory servers on loopback ports.
 * Factories are stored in SQLite ({@link LocalFactoryStore}) and started again on the next start; the demo fleet is
 * seeded once. Its replicas are probed ({@link ProbeRounds}) and autoscaled ({@link Autoscaler}) on a schedule.
 */
@Component
@ConditionalOnProperty(name = "meshportal.fleet.mode", havingValue = "local", matchIfMissing = true)
class LocalFleet implements Fleet {

    static final String CLUSTER = "local";

    private static final String SEEDED_MARKER = ".local-fleet-seeded";
    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);

    private final java.util.Map<String, String> lives = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, LocalDeployment> deployments = new ConcurrentHashMap<>();
    private final LocalFactoryStore store;
    private final FleetChanges changes;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final Duration restartDelay;
    private final ManifestWriter manifests;
    private final HostNode host = new HostNode();
    private final ProbeRounds probes = new ProbeRounds();
    private final Autoscaler autoscaler = new Autoscaler();

    LocalFleet(
            LocalFleetProperties properties,
            LocalFactoryRepository repository,
            TransactionTemplate tx,
            FleetChanges changes,
            ApplicationEventPublisher events,
            DataProperties data,
            Clock clock,
            MeterRegistry meters,
            ManifestWriter manifests) {
        this.meters = meters;
        this.manifests = manifests;
        this.restartDelay = properties.restartDelay();
        this.store = new LocalFactoryStore(repository, tx, clock);
        this.changes = changes;
        this.events = events;
        store.seedOnce(properties, data.dir().resolve(SEEDED_MARKER));
        for (LocalFactory stored : store.all()) {
            FactorySpec spec = LocalFactoryStore.spec(stored);
            LocalDeployment deployment = new LocalDeployment(
                    spec,
                    stored.replicas(),
                    LocalFactoryStore.autoscaling(stored),
                    Progress.NONE,
                    meters,
                    restartDelay);
            if (stored.canaryVersion() != null) {
                // the canary and its share come back as they were: a rollout that owned them resumes or holds
                deployment.deployCanary(
                        spec.withVersion(stored.canaryVersion(), stored.canaryTuning()),
                        stored.canaryReplicas(),
                        Progress.NONE);
                deployment.weigh(stored.canaryWeight());
            }
            deployments.put(stored.factoryId(), deployment);
            lives.put(stored.factoryId(), life(stored.createdAt()));
        }
        log.info("Local fleet: {} factories on loopback", deployments.size());
    }

    /** Once the application is ready (first-start accounts exist), say which demo factories were just seeded. */
    @EventListener(ApplicationReadyEvent.class)
    void announceSeeded() {
        List<String> seeded = store.seeded();
        if (!seeded.isEmpty()) {
            events.publishEvent(new DemoFactoriesSeeded(seeded));
        }
    }

    @Override
    public List<FactoryRef> factories() {
        List<FactoryRef> refs = new ArrayList<>(deployments.size());
        deployments
                .values()
                .forEach(d -> refs.add(new FactoryRef(
                        d.spec().id(),
                        d.spec().name(),
                        d.spec().country(),
                        CLUSTER,
                        null,
                        d.baseUrl(),
                        lives.get(d.spec().id()))));
        return refs;
    }

    /** The factories running a canary, with their split: from memory, cheap for every telemetry round. */
    @Override
    public java.util.Map<String, Versions> splits() {
        java.util.Map<String, Versions> splits = new java.util.HashMap<>();
        deployments.forEach((id, d) -> {
            if (d.hasCanary()) {
                splits.put(id, d.versions());
            }
        });
        return splits;
    }

    /** A factory's life: when it was created in the portal. */
    private static String life(java.time.Instant createdAt) {
        return createdAt == null ? null : "created-" + createdAt.toEpochMilli();
    }

    @Override
    public List<ClusterInfo> clusters() {
        return List.of(host.cluster(CLUSTER));
    }

    @Override
    public List<Workload> workloads() {
        return deployments.values().stream().map(d -> d.workload(CLUSTER)).toList();
    }

    @Override
    public FactoryRef create(NewFactory request, Progress progress) {
        List<ProductLine> lines = request.mix().lines(request.capacity());
        FactorySpec spec = new FactorySpec(request.id(), request.name(), request.country(), "v1", lines, 8);
        progress.step("Saving factory " + spec.id());
        java.time.Instant created = store.add(spec, FactoryConfig.formatProducts(lines), request.replicas());
        try {
            LocalDeployment deployment =
                    new LocalDeployment(spec, request.replicas(), null, progress, meters, restartDelay);
            lives.put(spec.id(), life(created));
            deployments.put(spec.id(), deployment);
            progress.step("Serving on " + deployment.baseUrl());
            changes.changed();
            return new FactoryRef(
                    spec.id(), spec.name(), spec.country(), CLUSTER, null, deployment.baseUrl(), life(created));
        } catch (RuntimeException e) {
            store.remove(spec.id()); // nothing half-created stays behind
            throw e;
        }
    }

    @Override
    public void delete(String factoryId, Progress progress) {
        LocalDeployment deployment = require(factoryId);
        progress.step("Stopping " + deployment.replicas().size() + " replica(s)");
        deployments.remove(factoryId);
        lives.remove(factoryId);
        deployment.close();
        store.remove(factoryId);
        changes.changed();
        progress.step("Deleted");
    }

    @Override
    public void scale(String factoryId, int replicas, Progress progress) {
        LocalDeployment deployment = require(factoryId);
        deployment.scale(replicas, progress);
        store.update(factoryId, f -> f.replicas(replicas));
        changes.changed();
    }

    @Override
    public void autoscale(String factoryId, Autoscaling bounds) {
        LocalDeployment deployment = require(factoryId);
        deployment.autoscaling(bounds);
        store.update(
                factoryId,
                f -> f.autoscale(
                        bounds == null ? null : bounds.minReplicas(), bounds == null ? null : bounds.maxReplicas()));
        if (bounds != null) {
            int current = deployment.replicas().size();
            int clamped = Math.max(bounds.minReplicas(), Math.min(bounds.maxReplicas(), current));
            if (clamped != current) {
                scale(factoryId, clamped, Progress.NONE);
            }
        }
        changes.changed();
    }

    @Override
    public void restart(String factoryId, Progress progress) {
        require(factoryId).restart(progress);
        changes.changed();
    }

    @Override
    public List<LogSource> logSources(String factoryId) {
        LocalDeployment deployment = deployments.get(factoryId);
        return deployment == null ? List.of() : deployment.logSources();
    }

    @Override
    public Runnable followLog(String factoryId, String source, LogQuery query, LogListener listener) {
        return require(factoryId).followLog(source, query, listener);
    }

    /** What the portal would create for the factory in a cluster, from its stored record (not a transient state). */
    @Override
    public List<Manifest> manifests(String factoryId) {
        if (!deployments.containsKey(factoryId)) {
            return List.of();
        }
        return store.workload(factoryId).map(manifests::workload).orElse(List.of());
    }

    @Override
    public List<FactoryEvent> events(String factoryId) {
        LocalDeployment deployment = deployments.get(factoryId);
        return deployment == null ? List.of() : deployment.events();
    }

    @Override
    public Versions versions(String factoryId) {
        return require(factoryId).versions();
    }

    @Override
    public void deployCanary(String factoryId, NewVersion version, Progress progress) {
        LocalDeployment deployment = require(factoryId);
        deployment.deployCanary(
                deployment.spec().withVersion(version.name(), version.tuning()), version.replicas(), progress);
        store.update(factoryId, f -> f.canary(version.name(), version.tuning(), version.replicas()));
        changes.changed();
    }

    @Override
    public void weigh(String factoryId, int canaryWeight) {
        require(factoryId).weigh(canaryWeight);
        store.update(factoryId, f -> f.canaryWeight(canaryWeight));
    }

    @Override
    public void promote(String factoryId, Progress progress) {
        LocalDeployment deployment = require(factoryId);
        deployment.promote(progress);
        FactorySpec now = deployment.spec();
        store.update(factoryId, f -> {
            f.stable(now.version(), now.tuning());
            f.canary(null, null, 0);
        });
        changes.changed();
    }

    @Override
    public void removeCanary(String factoryId, Progress progress) {
        require(factoryId).removeCanary(progress);
        store.update(factoryId, f -> f.canary(null, null, 0));
        changes.changed();
    }

    /** Readiness and liveness of every replica once a second, each factory on its own virtual thread. */
    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void probeReplicas() {
        if (probes.round(deployments.values())) {
            changes.changed(); // readiness and restarts show on the Clusters and Factories pages
        }
    }

    @Scheduled(fixedDelay = 5000, initialDelay = 5000)
    void sampleAndAutoscale() {
        host.sampleCpuLoad();
        autoscaler.round(deployments.values(), (factoryId, replicas) -> scale(factoryId, replicas, Progress.NONE));
        changes.changed(); // new readings
    }

    /** The replicas behind one factory: the chaos tests break and repair them like pods. */
    List<FactoryServer> replicasOf(String factoryId) {
        return require(factoryId).replicas();
    }

    private LocalDeployment require(String factoryId) {
        LocalDeployment deployment = deployments.get(factoryId);
        if (deployment == null) {
            throw new NoSuchElementException("No factory " + factoryId);
        }
        return deployment;
    }

    @PreDestroy
    void stop() {
        probes.close();
        deployments.values().forEach(LocalDeployment::close);
    }
}
