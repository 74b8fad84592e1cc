package io.meshportal.fleet;

import com.vaadin.flow.shared.Registration;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.security.UserService;
import io.meshportal.security.Viewer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Every change to the fleet goes through here: the caller's role and factory scope are checked, the request is
 * validated, the change runs off the caller's thread, and its outcome is audited (also when refused).
 */
@Service
public class FleetService {

    /** Ids whose creation was accepted and has not ended: taken as much as existing ones. */
    private final java.util.Set<String> creating = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Fleet fleet;
    private final AuditLog audit;
    private final ExecutorService operations = Executors.newVirtualThreadPerTaskExecutor();

    private final UserService users;
    private final FleetChanges changes;
    private final TrafficPort traffic;

    private final FleetProperties properties;

    private final org.springframework.context.ApplicationEventPublisher events;

    FleetService(
            Fleet fleet,
            AuditLog audit,
            UserService users,
            FleetChanges changes,
            TrafficPort traffic,
            FleetProperties properties,
            org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.traffic = traffic;
        this.properties = properties;
        this.fleet = fleet;
        this.audit = audit;
        this.users = users;
        this.changes = changes;
    }

    /** How long a new factory may take to send its first sample before the create dialog stops waiting. */
    public java.time.Duration firstTelemetryTimeout() {
        return properties.firstTelemetryTimeout();
    }

    /**
     * Runs {@code listener} (on a background thread, coalesced) whenever factories, workloads, clusters or their
     * readings change; views re-read what they show through the scoped methods here.
     */
    public Registration subscribe(Viewer viewer, Runnable listener) {
        Viewer.signedIn(viewer);
        return changes.subscribe(listener);
    }

    public List<Workload> workloads(Viewer viewer) {
        Viewer.signedIn(viewer);
        return fleet.workloads().stream()
                .filter(w -> viewer.canSee(w.factoryId()))
                .toList();
    }

    /** Clusters and nodes are infrastructure: office roles only; a factory manager sees their workload instead. */
    public List<ClusterInfo> clusters(Viewer viewer) {
        Viewer.signedIn(viewer);
        return viewer.seesAllFactories() ? fleet.clusters() : List.of();
    }

    /** What happened to a factory's workload, newest first: Kubernetes events, or the embedded fleet's own. */
    public List<FactoryEvent> events(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        return fleet.events(factoryId);
    }

    /** The factory's replicas (pods) whose logs can be read. */
    public List<LogSource> logSources(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        return fleet.logSources(factoryId);
    }

    /**
     * Follows one replica's log (see {@link Fleet#followLog}); the listener is called on the fleet's threads.
     *
     * @return runs to stop following
     * @throws FleetRequestException for a query out of bounds or a replica the factory does not have
     */
    public Runnable followLog(Viewer viewer, String factoryId, String source, LogQuery query, LogListener listener) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        Map<String, String> problems = query == null ? Map.of("tailLines", "Say which lines") : query.problems();
        if (!problems.isEmpty()) {
            throw new FleetRequestException(problems);
        }
        try {
            return fleet.followLog(factoryId, source, query, listener);
        } catch (java.util.NoSuchElementException e) {
            throw new FleetRequestException(Map.of("source", "No replica " + source + " of " + factoryId));
        }
    }

    public boolean exists(String factoryId) {
        return fleet.factories().stream().anyMatch(f -> f.id().equals(factoryId));
    }

    public CompletableFuture<FactoryRef> create(Viewer viewer, NewFactory request, Progress progress) {
        Viewer.signedIn(viewer);
        String target = request.id();
        if (!viewer.canManageFleet()) {
            throw audit.denied(viewer, AuditAction.FACTORY_CREATE, target);
        }
        Map<String, String> problems = new LinkedHashMap<>(request.problems());
        if (!problems.containsKey("id") && (exists(request.id()) || creating.contains(request.id()))) {
            problems.put("id", "A factory with this id already exists");
        }
        if (fleet.clusters().stream().noneMatch(c -> c.name().equals(request.cluster()))) {
            problems.put("cluster", "Choose one of the clusters");
        }
        if (!problems.isEmpty()) {
            audit.record(
                    viewer.username(),
                    AuditAction.FACTORY_CREATE,
                    target,
                    Outcome.FAILURE,
                    String.join("; ", problems.values()));
            throw new FleetRequestException(problems);
        }
        // the id is taken from the moment a creation is accepted, not only once it is done: two requests for the
        // same id (two people, or a script that retries) must not both start
        if (!creating.add(request.id())) {
            audit.record(viewer.username(), AuditAction.FACTORY_CREATE, target, Outcome.FAILURE, "being created");
            throw new FleetRequestException(Map.of("id", "A factory with this id already exists"));
        }
        return run(viewer, AuditAction.FACTORY_CREATE, target, describe(request), () -> fleet.create(request, progress))
                .whenComplete((made, failed) -> creating.remove(request.id()));
    }

    public CompletableFuture<Void> delete(Viewer viewer, String factoryId, Progress progress) {
        Viewer.signedIn(viewer);
        if (!viewer.canManageFleet()) {
            throw audit.denied(viewer, AuditAction.FACTORY_DELETE, factoryId);
        }
        requireExists(viewer, AuditAction.FACTORY_DELETE, factoryId);
        return run(viewer, AuditAction.FACTORY_DELETE, factoryId, null, () -> {
            removeTrafficObjects(factoryId, progress);
            fleet.delete(factoryId, progress);
            users.disableManagersOf(viewer.username(), factoryId); // nobody keeps access to a deleted factory
            events.publishEvent(new FactoryDeleted(factoryId));
            return null;
        });
    }

    public CompletableFuture<Void> scale(Viewer viewer, String factoryId, int replicas, Progress progress) {
        Viewer.signedIn(viewer);
        operate(viewer, AuditAction.FACTORY_SCALE, factoryId);
        if (replicas < 1 || replicas > NewFactory.MAX_REPLICAS) {
            audit.record(
                    viewer.username(), AuditAction.FACTORY_SCALE, factoryId, Outcome.FAILURE, "replicas " + replicas);
            throw new FleetRequestException(
                    Map.of("replicas", "Between 1 and " + NewFactory.MAX_REPLICAS + " replicas"));
        }
        return run(viewer, AuditAction.FACTORY_SCALE, factoryId, "replicas=" + replicas, () -> {
            fleet.scale(factoryId, replicas, progress);
            return null;
        });
    }

    /** Sets autoscaling bounds; null turns autoscaling off. */
    public CompletableFuture<Void> autoscale(Viewer viewer, String factoryId, Autoscaling bounds) {
        Viewer.signedIn(viewer);
        operate(viewer, AuditAction.FACTORY_AUTOSCALE, factoryId);
        if (bounds != null
                && (bounds.minReplicas() < 1
                        || bounds.maxReplicas() > NewFactory.MAX_REPLICAS
                        || bounds.minReplicas() > bounds.maxReplicas())) {
            audit.record(
                    viewer.username(),
                    AuditAction.FACTORY_AUTOSCALE,
                    factoryId,
                    Outcome.FAILURE,
                    String.valueOf(bounds));
            throw new FleetRequestException(Map.of(
                    "autoscaling", "Minimum 1 to maximum " + NewFactory.MAX_REPLICAS + ", minimum not above maximum"));
        }
        return run(
                viewer,
                AuditAction.FACTORY_AUTOSCALE,
                factoryId,
                bounds == null ? "off" : bounds.minReplicas() + ".." + bounds.maxReplicas(),
                () -> {
                    fleet.autoscale(factoryId, bounds);
                    return null;
                });
    }

    public CompletableFuture<Void> restart(Viewer viewer, String factoryId, Progress progress) {
        Viewer.signedIn(viewer);
        operate(viewer, AuditAction.FACTORY_RESTART, factoryId);
        return run(viewer, AuditAction.FACTORY_RESTART, factoryId, null, () -> {
            fleet.restart(factoryId, progress);
            return null;
        });
    }

    /** Routing first, so nothing is sent to a factory that is going away; a mesh that cannot be reached is said. */
    private void removeTrafficObjects(String factoryId, Progress progress) {
        if (!traffic.supported()) {
            return;
        }
        FactoryRef ref = fleet.factories().stream()
                .filter(f -> f.id().equals(factoryId))
                .findFirst()
                .orElse(null);
        if (ref == null) {
            return;
        }
        progress.step("Removing the mesh objects of " + factoryId);
        traffic.apply(ref, TrafficObjects.NONE);
    }

    private void operate(Viewer viewer, AuditAction action, String factoryId) {
        if (!viewer.canOperate(factoryId)) {
            throw audit.denied(viewer, action, factoryId);
        }
        requireExists(viewer, action, factoryId);
    }

    private void requireExists(Viewer viewer, AuditAction action, String factoryId) {
        if (!exists(factoryId)) {
            audit.record(viewer.username(), action, factoryId, Outcome.FAILURE, "no such factory");
            throw new FleetRequestException(Map.of("id", "No factory " + factoryId));
        }
    }

    private <T> CompletableFuture<T> run(
            Viewer viewer, AuditAction action, String target, String detail, Supplier<T> change) {
        return CompletableFuture.supplyAsync(change, operations).whenComplete((result, error) -> {
            if (error == null) {
                audit.record(viewer.username(), action, target, Outcome.SUCCESS, detail);
            } else {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                audit.record(
                        viewer.username(),
                        action,
                        target,
                        Outcome.FAILURE,
                        (detail == null ? "" : detail + ": ") + cause.getMessage());
            }
        });
    }

    private static String describe(NewFactory r) {
        return r.name() + ", " + r.country() + ", " + r.mix() + ", capacity " + r.capacity() + ", replicas "
                + r.replicas();
    }
}
