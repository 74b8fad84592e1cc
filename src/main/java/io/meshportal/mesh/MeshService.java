package io.meshportal.mesh;

import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.TelemetryProperties;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Traffic policy per factory: read from Istio resources with drift against what the portal last applied,
 * validated before applying, every change audited. Office roles edit; a factory manager views their own.
 */
@Service
public class MeshService {

    static final String APPLIED = "meshportal.io/applied-policy";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Fleet fleet;
    private final AuditLog audit;
    private final TelemetryProperties telemetry;

    MeshService(Fleet fleet, AuditLog audit, TelemetryProperties telemetry) {
        this.fleet = fleet;
        this.audit = audit;
        this.telemetry = telemetry;
    }

    public boolean supported() {
        return fleet.meshSupported();
    }

    /** The portal's own client-side resilience, which is what protects it where there is no mesh. */
    public Map<String, String> clientResilience() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("Poll interval", telemetry.interval().toMillis() + " ms");
        settings.put("Timeout per poll (resilience4j TimeLimiter)", telemetry.timeout().toMillis() + " ms");
        settings.put("Slow above", telemetry.slowThreshold().toMillis() + " ms");
        settings.put("Circuit breaker", "opens at 50 % failures of the last 4 polls (min. 2); half-open after "
                + telemetry.breakerOpenFor().toSeconds() + " s");
        settings.put("Bulkhead", "at most 2 polls in flight per factory");
        settings.put("Largest accepted answer", telemetry.maxBodyBytes() / 1024 + " KiB");
        return settings;
    }

    public MeshState state(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        FactoryRef ref = ref(factoryId);
        if (!fleet.meshSupported()) {
            return new MeshState(factoryId, ref.cluster(), false, null, List.of(), List.of());
        }
        Map<String, Map<String, Object>> resources = fleet.meshResources(factoryId);
        if (resources.isEmpty()) {
            return new MeshState(factoryId, ref.cluster(), true, null, List.of(), List.of());
        }
        MeshPolicy current = IstioMapping.fromResources(resources);
        return new MeshState(factoryId, ref.cluster(), true, current, List.copyOf(resources.keySet()),
                drift(resources, current));
    }

    public void apply(Viewer viewer, String factoryId, MeshPolicy policy) {
        Viewer.signedIn(viewer);
        if (!viewer.canManageFleet()) {
            audit.record(viewer.username(), "mesh.apply", factoryId, Outcome.DENIED, viewer.role().name());
            throw new AccessDeniedException(viewer.username() + " may not change traffic policy");
        }
        FactoryRef ref = ref(factoryId);
        Map<String, String> problems = policy.problems();
        if (!problems.isEmpty()) {
            audit.record(viewer.username(), "mesh.apply", factoryId, Outcome.FAILURE, String.join("; ", problems.values()));
            throw new MeshRequestException(problems);
        }
        String host = ref.telemetryUrl().getHost();
        String namespace = namespaceOf(ref.telemetryUrl());
        Map<String, Map<String, Object>> resources = IstioMapping.toResources(factoryId, namespace, host, policy);
        annotate(resources.get("VirtualService"), JSON.writeValueAsString(policy));
        try {
            fleet.applyMesh(factoryId, resources);
            audit.record(viewer.username(), "mesh.apply", factoryId, Outcome.SUCCESS, summary(policy));
        } catch (RuntimeException e) {
            audit.record(viewer.username(), "mesh.apply", factoryId, Outcome.FAILURE, e.getMessage());
            throw e;
        }
    }

    public List<MeshOverviewRow> overview(Viewer viewer) {
        Viewer.signedIn(viewer);
        Map<String, Boolean> clusters = fleet.meshClusters();
        List<MeshOverviewRow> rows = new ArrayList<>();
        for (FactoryRef ref : fleet.factories()) {
            if (!viewer.canSee(ref.id())) {
                continue;
            }
            boolean inMesh = clusters.getOrDefault(ref.cluster(), false);
            if (!fleet.meshSupported() || !inMesh) {
                rows.add(new MeshOverviewRow(ref.id(), ref.name(), ref.cluster(), inMesh, null, false, null));
                continue;
            }
            try {
                Map<String, Map<String, Object>> resources = fleet.meshResources(ref.id());
                MtlsMode mtls = resources.containsKey("PeerAuthentication") ? IstioMapping.fromResources(resources).mtls() : null;
                rows.add(new MeshOverviewRow(ref.id(), ref.name(), ref.cluster(), true, mtls,
                        resources.containsKey("VirtualService") || resources.containsKey("DestinationRule"), null));
            } catch (RuntimeException e) {
                rows.add(new MeshOverviewRow(ref.id(), ref.name(), ref.cluster(), true, null, false, e.getMessage()));
            }
        }
        rows.sort(java.util.Comparator.comparing(MeshOverviewRow::factoryId));
        return rows;
    }

    @SuppressWarnings("unchecked")
    private static List<String> drift(Map<String, Map<String, Object>> resources, MeshPolicy current) {
        Map<String, Object> vs = resources.get("VirtualService");
        Map<String, Object> annotations = vs == null ? null
                : (Map<String, Object>) ((Map<String, Object>) vs.getOrDefault("metadata", Map.of())).get("annotations");
        Object applied = annotations == null ? null : annotations.get(APPLIED);
        if (applied == null) {
            return List.of("not applied by the portal: created by hand or by another tool");
        }
        MeshPolicy last;
        try {
            last = JSON.readValue(String.valueOf(applied), MeshPolicy.class);
        } catch (RuntimeException e) {
            return List.of("the portal's record of the last applied policy is unreadable");
        }
        List<String> drift = new ArrayList<>();
        for (var component : MeshPolicy.class.getRecordComponents()) {
            try {
                Object was = component.getAccessor().invoke(last);
                Object is = component.getAccessor().invoke(current);
                if (!java.util.Objects.equals(was, is) && !(component.getName().equals("canaryVersion") && current.canaryWeight() == 0)) {
                    drift.add(component.getName() + ": applied " + was + ", now " + is);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return drift;
    }

    @SuppressWarnings("unchecked")
    private static void annotate(Map<String, Object> resource, String value) {
        Map<String, Object> metadata = (Map<String, Object>) resource.get("metadata");
        metadata.put("annotations", Map.of(APPLIED, value));
    }

    private FactoryRef ref(String factoryId) {
        return fleet.factories().stream().filter(f -> f.id().equals(factoryId)).findFirst()
                .orElseThrow(() -> new MeshRequestException(Map.of("factory", "No factory " + factoryId)));
    }

    /** factory-x.NAMESPACE.svc.cluster.local → NAMESPACE */
    static String namespaceOf(URI telemetryUrl) {
        String[] parts = telemetryUrl.getHost().split("\\.");
        return parts.length > 1 ? parts[1] : "default";
    }

    private static String summary(MeshPolicy p) {
        return "timeout " + IstioMapping.duration(p.timeout()) + ", retries " + p.retryAttempts() + ", canary "
                + p.canaryWeight() + "%, mTLS " + p.mtls() + ", principals " + p.allowedPrincipals().size();
    }
}
