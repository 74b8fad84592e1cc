package io.meshportal.mesh;

import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.FactorySource;
import io.meshportal.fleet.MtlsMode;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficPort;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.TelemetryProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Traffic policy per factory: read from Istio resources with drift against what the portal last applied,
 * validated before applying, every change audited. Office roles edit; a factory manager views their own.
 */
@Service
public class MeshService {

    private final FactorySource fleet;
    private final TrafficPort traffic;
    private final AuditLog audit;
    private final TelemetryProperties telemetry;

    MeshService(FactorySource fleet, TrafficPort traffic, AuditLog audit, TelemetryProperties telemetry) {
        this.fleet = fleet;
        this.traffic = traffic;
        this.audit = audit;
        this.telemetry = telemetry;
    }

    public boolean supported() {
        return traffic.supported();
    }

    /** The portal's own client-side resilience, which is what protects it where there is no mesh. */
    public Map<String, String> clientResilience() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("Poll interval", telemetry.interval().toMillis() + " ms");
        settings.put(
                "Timeout per poll (resilience4j TimeLimiter)",
                telemetry.timeout().toMillis() + " ms");
        settings.put("Slow above", telemetry.slowThreshold().toMillis() + " ms");
        settings.put(
                "Circuit breaker",
                "opens at 50 % failures of the last 4 polls (min. 2); half-open after "
                        + telemetry.breakerOpenFor().toSeconds() + " s");
        settings.put("Bulkhead", "at most 2 polls in flight per factory");
        settings.put("Largest accepted answer", telemetry.maxBodyBytes() / 1024 + " KiB");
        return settings;
    }

    public MeshState state(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        FactoryRef ref = ref(factoryId);
        if (!traffic.supported()) {
            return new MeshState(factoryId, ref.cluster(), false, null, List.of(), List.of());
        }
        TrafficObjects objects = traffic.read(ref);
        if (objects.kinds().isEmpty()) {
            return new MeshState(factoryId, ref.cluster(), true, null, List.of(), List.of());
        }
        MeshPolicy current = TrafficMapping.fromObjects(objects);
        return new MeshState(
                factoryId,
                ref.cluster(),
                true,
                current,
                objects.kinds().stream().map(TrafficObjects.Kind::label).toList(),
                drift(objects, current));
    }

    public void apply(Viewer viewer, String factoryId, MeshPolicy policy) {
        Viewer.signedIn(viewer);
        if (!viewer.canManageFleet()) {
            throw audit.denied(viewer, AuditAction.MESH_APPLY, factoryId);
        }
        FactoryRef ref = ref(factoryId);
        if (traffic.supported()) {
            policy = withCurrentSplit(ref, policy);
        }
        Map<String, String> problems = new java.util.LinkedHashMap<>(policy.problems());
        if (problems.isEmpty() && traffic.supported()) {
            problems.putAll(unroutableVersions(ref, policy));
        }
        if (!problems.isEmpty()) {
            audit.record(
                    viewer.username(),
                    AuditAction.MESH_APPLY,
                    factoryId,
                    Outcome.FAILURE,
                    String.join("; ", problems.values()));
            throw new MeshRequestException(problems);
        }
        try {
            traffic.apply(ref, policy.objects());
            audit.record(viewer.username(), AuditAction.MESH_APPLY, factoryId, Outcome.SUCCESS, summary(policy));
        } catch (RuntimeException e) {
            audit.record(viewer.username(), AuditAction.MESH_APPLY, factoryId, Outcome.FAILURE, e.getMessage());
            throw e;
        }
    }

    /**
     * The split between versions belongs to the factory's versions and rollouts (the Rollouts page), not to the
     * policy form: applying a policy keeps the split the mesh has. Without objects yet, all requests go to the one
     * version the factory's pods run.
     */
    private MeshPolicy withCurrentSplit(FactoryRef ref, MeshPolicy p) {
        TrafficObjects objects = traffic.read(ref);
        String stable;
        String canary = p.canaryVersion();
        int canaryWeight = 0;
        if (objects.routing() != null && objects.destination() != null) {
            MeshPolicy current = TrafficMapping.fromObjects(objects);
            stable = current.stableVersion();
            canary = current.canaryVersion();
            canaryWeight = current.canaryWeight();
        } else {
            java.util.Set<String> running = traffic.versions(ref);
            stable = running.size() == 1 ? running.iterator().next() : p.stableVersion();
        }
        return new MeshPolicy(
                p.timeout(),
                p.retryAttempts(),
                p.perTryTimeout(),
                p.retryOn(),
                p.maxConnections(),
                p.maxPendingRequests(),
                p.consecutive5xxErrors(),
                p.baseEjectionTime(),
                stable,
                canary,
                100 - canaryWeight,
                canaryWeight,
                p.mtls(),
                p.allowedPrincipals());
    }

    /** The fields of the split, which rollouts change: not drift from the applied policy. */
    private static final java.util.Set<String> SPLIT =
            java.util.Set.of("stableVersion", "canaryVersion", "stableWeight", "canaryWeight");

    /**
     * A subset selects pods by their version label; routing to a version no pod of the factory runs answers
     * every such request with 503 (istio.io/latest/docs/reference/config/networking/destination-rule/#Subset).
     */
    private Map<String, String> unroutableVersions(FactoryRef ref, MeshPolicy policy) {
        java.util.Set<String> running = traffic.versions(ref);
        Map<String, String> problems = new java.util.LinkedHashMap<>();
        String runs = running.isEmpty()
                ? "none of its pods carries a version label"
                : "its pods run " + String.join(", ", running);
        if (!running.contains(policy.stableVersion())) {
            problems.put(
                    "stableVersion",
                    "No pod of " + ref.id() + " runs version " + policy.stableVersion() + " (" + runs + ")");
        }
        // the canary's own pods were deployed and awaited by its rollout, which owns the split this policy keeps
        return problems;
    }

    /** Where the mesh's configuration lives and whether it can be used; empty on the embedded default. */
    public java.util.Optional<io.meshportal.fleet.MeshConfigStatus> configCluster(Viewer viewer) {
        Viewer.signedIn(viewer);
        return traffic.configCluster();
    }

    public List<MeshOverviewRow> overview(Viewer viewer) {
        Viewer.signedIn(viewer);
        Map<String, Boolean> clusters = traffic.meshClusters();
        List<MeshOverviewRow> rows = new ArrayList<>();
        for (FactoryRef ref : fleet.factories()) {
            if (!viewer.canSee(ref.id())) {
                continue;
            }
            boolean inMesh = clusters.getOrDefault(ref.cluster(), false);
            if (!traffic.supported() || !inMesh) {
                rows.add(new MeshOverviewRow(ref.id(), ref.name(), ref.cluster(), inMesh, null, false, null));
                continue;
            }
            try {
                TrafficObjects objects = traffic.read(ref);
                MtlsMode mtls = objects.peerAuthentication() == null
                        ? null
                        : objects.peerAuthentication().mode();
                rows.add(new MeshOverviewRow(
                        ref.id(),
                        ref.name(),
                        ref.cluster(),
                        true,
                        mtls,
                        objects.routing() != null || objects.destination() != null,
                        null));
            } catch (RuntimeException e) {
                rows.add(new MeshOverviewRow(ref.id(), ref.name(), ref.cluster(), true, null, false, e.getMessage()));
            }
        }
        rows.sort(java.util.Comparator.comparing(MeshOverviewRow::factoryId));
        return rows;
    }

    private static List<String> drift(TrafficObjects objects, MeshPolicy current) {
        String applied = objects.note();
        if (applied == null) {
            return List.of("not applied by the portal: created by hand or by another tool");
        }
        MeshPolicy last;
        try {
            last = TrafficMapping.fromNote(applied);
        } catch (RuntimeException e) {
            return List.of("the portal's record of the last applied policy is unreadable");
        }
        List<String> drift = new ArrayList<>();
        for (var component : MeshPolicy.class.getRecordComponents()) {
            try {
                Object was = component.getAccessor().invoke(last);
                Object is = component.getAccessor().invoke(current);
                if (!java.util.Objects.equals(was, is) && !SPLIT.contains(component.getName())) {
                    drift.add(component.getName() + ": applied " + was + ", now " + is);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return drift;
    }

    private FactoryRef ref(String factoryId) {
        return fleet.factories().stream()
                .filter(f -> f.id().equals(factoryId))
                .findFirst()
                .orElseThrow(() -> new MeshRequestException(Map.of("factory", "No factory " + factoryId)));
    }

    private static String summary(MeshPolicy p) {
        return "timeout " + TrafficMapping.duration(p.timeout()) + ", retries " + p.retryAttempts() + ", canary "
                + p.canaryWeight() + "%, mTLS " + p.mtls() + ", principals "
                + p.allowedPrincipals().size();
    }
}
