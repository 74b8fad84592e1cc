package io.meshportal.fleet.local;

import io.meshportal.base.DataProperties;
import io.meshportal.factory.FactoryConfig;
import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.factory.ProductLine;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.DemoFactoriesSeeded;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.FleetChanges;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.NodeInfo;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.fleet.Workload;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * Factories are stored in SQLite and started again on the next start; the demo fleet is seeded once.
 */
@Component
@ConditionalOnProperty(name = "meshportal.fleet.mode", havingValue = "local", matchIfMissing = true)
class LocalFleet implements Fleet {

    static final String CLUSTER = "local";
    /** Requests per second one replica is meant to serve; the autoscaler sizes to this. */
    static final double TARGET_RPS_PER_REPLICA = 5;

    private static final String SEEDED_MARKER = ".local-fleet-seeded";
    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);

    private final Map<String, LocalDeployment> deployments = new ConcurrentHashMap<>();
    private final LocalFactoryRepository repository;
    private final TransactionTemplate tx;
    private final FleetChanges changes;
    private final ApplicationEventPublisher events;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final java.time.Duration restartDelay;
    private final java.util.concurrent.ExecutorService probes =
            java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock;
    private final io.meshportal.fleet.ManifestWriter manifests;
    private final List<String> seededDemo = new ArrayList<>();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Host CPU load sampled by the scheduler: getCpuLoad() measures since its previous call, so one caller. */
    private volatile double hostCpuLoad = OS.getCpuLoad();

    LocalFleet(
            LocalFleetProperties properties,
            LocalFactoryRepository repository,
            TransactionTemplate tx,
            FleetChanges changes,
            ApplicationEventPublisher events,
            DataProperties data,
            Clock clock,
            io.micrometer.core.instrument.MeterRegistry meters,
            io.meshportal.fleet.ManifestWriter manifests) {
        this.meters = meters;
        this.manifests = manifests;
        this.restartDelay = properties.restartDelay();
        this.repository = repository;
        this.tx = tx;
        this.changes = changes;
        this.events = events;
        this.clock = clock;
        seedOnce(properties, data.dir().resolve(SEEDED_MARKER));
        for (LocalFactory stored : repository.findAll()) {
            Autoscaling bounds = stored.autoscaleMin() == null
                    ? null
                    : new Autoscaling(stored.autoscaleMin(), stored.autoscaleMax());
            LocalDeployment deployment =
                    new LocalDeployment(spec(stored), stored.replicas(), bounds, Progress.NONE, meters, restartDelay);
            if (stored.canaryVersion() != null) {
                // the canary and its share come back as they were: a rollout that owned them resumes or holds
                deployment.deployCanary(
                        spec(stored).withVersion(stored.canaryVersion(), stored.canaryTuning()),
                        stored.canaryReplicas(),
                        Progress.NONE);
                deployment.weigh(stored.canaryWeight());
            }
            deployments.put(stored.factoryId(), deployment);
        }
        log.info("Local fleet: {} factories on loopback", deployments.size());
    }

    private void seedOnce(LocalFleetProperties properties, Path marker) {
        if (Files.exists(marker)) {
            return;
        }
        for (LocalFleetProperties.DemoFactory demo : properties.factoriesOrDefault()) {
            if (!repository.existsById(demo.id())) {
                String products = demo.products() == null ? FactoryConfig.DEFAULT_PRODUCTS : demo.products();
                repository.save(new LocalFactory(demo.id(), demo.name(), demo.country(), products, 1, clock.instant()));
                seededDemo.add(demo.id());
            }
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "demo fleet seeded at " + clock.instant() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Once the application is ready (first-start accounts exist), say which demo factories were just seeded. */
    @EventListener(ApplicationReadyEvent.class)
    void announceSeeded() {
        if (!seededDemo.isEmpty()) {
            events.publishEvent(new DemoFactoriesSeeded(List.copyOf(seededDemo)));
        }
    }

    private static FactorySpec spec(LocalFactory f) {
        return new FactorySpec(
                f.factoryId(),
                f.name(),
                f.country(),
                f.version(),
                FactoryConfig.parseProducts(f.products()),
                8,
                f.tuning());
    }

    @Override
    public List<FactoryRef> factories() {
        List<FactoryRef> refs = new ArrayList<>(deployments.size());
        deployments
                .values()
                .forEach(d -> refs.add(new FactoryRef(
                        d.spec().id(), d.spec().name(), d.spec().country(), CLUSTER, null, d.baseUrl())));
        return refs;
    }

    @Override
    public List<ClusterInfo> clusters() {
        int cores = OS.getAvailableProcessors();
        double load = hostCpuLoad;
        long total = OS.getTotalMemorySize();
        NodeInfo host = new NodeInfo(
                HOST_NAME,
                true,
                cores,
                load < 0 ? null : load * cores,
                total,
                total - OS.getFreeMemorySize(),
                List.of());
        return List.of(new ClusterInfo(CLUSTER, ClusterInfo.Status.REACHABLE, null, List.of(host), List.of()));
    }

    @Override
    public List<Workload> workloads() {
        return deployments.values().stream().map(d -> d.workload(CLUSTER)).toList();
    }

    @Override
    public FactoryRef create(NewFactory request, Progress progress) {
        List<ProductLine> lines = request.mix().lines(request.capacity());
        FactorySpec spec = new FactorySpec(request.id(), request.name(), request.country(), "v1", lines, 8);
        String products = FactoryConfig.formatProducts(lines); // the database column keeps the text form
        progress.step("Saving factory " + spec.id());
        tx.executeWithoutResult(s -> repository.save(new LocalFactory(
                spec.id(), spec.name(), spec.country(), products, request.replicas(), clock.instant())));
        try {
            LocalDeployment deployment =
                    new LocalDeployment(spec, request.replicas(), null, progress, meters, restartDelay);
            deployments.put(spec.id(), deployment);
            progress.step("Serving on " + deployment.baseUrl());
            changes.changed();
            return new FactoryRef(spec.id(), spec.name(), spec.country(), CLUSTER, null, deployment.baseUrl());
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> repository.deleteById(spec.id())); // nothing half-created stays behind
            throw e;
        }
    }

    @Override
    public void delete(String factoryId, Progress progress) {
        LocalDeployment deployment = require(factoryId);
        progress.step("Stopping " + deployment.replicas().size() + " replica(s)");
        deployments.remove(factoryId);
        deployment.close();
        tx.executeWithoutResult(s -> repository.deleteById(factoryId));
        changes.changed();
        progress.step("Deleted");
    }

    @Override
    public void scale(String factoryId, int replicas, Progress progress) {
        LocalDeployment deployment = require(factoryId);
        deployment.scale(replicas, progress);
        persistReplicas(factoryId, replicas);
        changes.changed();
    }

    @Override
    public void autoscale(String factoryId, Autoscaling bounds) {
        LocalDeployment deployment = require(factoryId);
        deployment.autoscaling(bounds);
        tx.executeWithoutResult(s -> repository.findById(factoryId).ifPresent(f -> {
            f.autoscale(bounds == null ? null : bounds.minReplicas(), bounds == null ? null : bounds.maxReplicas());
            repository.save(f);
        }));
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
    public List<io.meshportal.fleet.LogSource> logSources(String factoryId) {
        LocalDeployment deployment = deployments.get(factoryId);
        return deployment == null ? List.of() : deployment.logSources();
    }

    @Override
    public Runnable followLog(
            String factoryId,
            String source,
            io.meshportal.fleet.LogQuery query,
            io.meshportal.fleet.LogListener listener) {
        LocalDeployment deployment = deployments.get(factoryId);
        if (deployment == null) {
            throw new java.util.NoSuchElementException("No factory " + factoryId);
        }
        return deployment.followLog(source, query, listener);
    }

    /** What the portal would create for the factory in a cluster, from its stored record (not a transient state). */
    @Override
    public List<io.meshportal.fleet.Manifest> manifests(String factoryId) {
        if (!deployments.containsKey(factoryId)) {
            return List.of();
        }
        return repository
                .findById(factoryId)
                .map(f -> manifests.workload(new io.meshportal.fleet.FactoryWorkload(
                        f.factoryId(),
                        f.name(),
                        f.country(),
                        f.version(),
                        f.products(),
                        f.replicas(),
                        f.autoscaleMin() == null ? null : new Autoscaling(f.autoscaleMin(), f.autoscaleMax()))))
                .orElse(List.of());
    }

    @Override
    public List<io.meshportal.fleet.FactoryEvent> events(String factoryId) {
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
        stored(factoryId, f -> f.canary(version.name(), version.tuning(), version.replicas()));
        changes.changed();
    }

    @Override
    public void weigh(String factoryId, int canaryWeight) {
        require(factoryId).weigh(canaryWeight);
        stored(factoryId, f -> f.canaryWeight(canaryWeight));
    }

    @Override
    public void promote(String factoryId, Progress progress) {
        LocalDeployment deployment = require(factoryId);
        deployment.promote(progress);
        FactorySpec now = deployment.spec();
        stored(factoryId, f -> {
            f.stable(now.version(), now.tuning());
            f.canary(null, null, 0);
        });
        changes.changed();
    }

    @Override
    public void removeCanary(String factoryId, Progress progress) {
        require(factoryId).removeCanary(progress);
        stored(factoryId, f -> f.canary(null, null, 0));
        changes.changed();
    }

    private void stored(String factoryId, java.util.function.Consumer<LocalFactory> change) {
        tx.executeWithoutResult(s -> repository.findById(factoryId).ifPresent(f -> {
            change.accept(f);
            repository.save(f);
        }));
    }

    /** Readiness and liveness of every replica once a second, each factory on its own virtual thread. */
    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void probeReplicas() {
        java.util.List<java.util.concurrent.Future<Boolean>> rounds = new ArrayList<>();
        for (LocalDeployment d : deployments.values()) {
            rounds.add(probes.submit(d::probe));
        }
        boolean changed = false;
        for (var round : rounds) {
            try {
                changed |= round.get();
            } catch (java.util.concurrent.ExecutionException e) {
                log.debug("Probe round failed: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (changed) {
            changes.changed(); // readiness and restarts show on the Clusters and Factories pages
        }
    }

    @Scheduled(fixedDelay = 5000, initialDelay = 5000)
    void sampleAndAutoscale() {
        hostCpuLoad = OS.getCpuLoad();
        for (LocalDeployment d : deployments.values()) {
            d.sample();
            Autoscaling bounds = d.autoscaling();
            if (bounds != null) {
                int wanted = (int) Math.ceil(d.requestsPerSecond() / TARGET_RPS_PER_REPLICA);
                int desired = Math.max(bounds.minReplicas(), Math.min(bounds.maxReplicas(), wanted));
                if (desired != d.replicas().size()) {
                    log.info(
                            "Autoscaling {} from {} to {} replicas ({} req/s)",
                            d.spec().id(),
                            d.replicas().size(),
                            desired,
                            Math.round(d.requestsPerSecond()));
                    scale(d.spec().id(), desired, Progress.NONE);
                }
            }
        }
        changes.changed(); // new readings
    }

    private void persistReplicas(String factoryId, int replicas) {
        tx.executeWithoutResult(s -> repository.findById(factoryId).ifPresent(f -> {
            f.replicas(replicas);
            repository.save(f);
        }));
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

    /** Looked up once: getLocalHost() may wait on DNS, and clusters() is read on every alert tick. */
    private static final String HOST_NAME = hostName();

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @PreDestroy
    void stop() {
        probes.shutdownNow();
        deployments.values().forEach(LocalDeployment::close);
    }
}
