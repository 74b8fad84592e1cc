package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.util.PatchUtils;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.NodeInfo;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Workload;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Factories on Kubernetes clusters, one per country. Reads come from each cluster's informers; changes are
 * requests with timeouts; each cluster is refreshed on its own virtual thread, so one broken cluster never
 * blocks another or a UI.
 */
public final class KubernetesFleet implements Fleet, AutoCloseable {

    private final List<ClusterClient> clusters;
    private final KubernetesProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubernetes-refresh");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService refreshers = Executors.newVirtualThreadPerTaskExecutor();

    KubernetesFleet(List<ClusterClient> clusters, KubernetesProperties properties, Clock clock) {
        this.clusters = List.copyOf(clusters);
        this.properties = properties;
        this.clock = clock;
    }

    void start() {
        clusters.forEach(ClusterClient::start);
        // frequent cheap probes mark a failing cluster within ~2 s; metrics and mesh detection change slowly
        scheduler.scheduleWithFixedDelay(() -> clusters.forEach(c -> c.probeAsync(refreshers)), 0,
                properties.probeInterval().toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> clusters.forEach(c -> refreshers.submit(c::refreshDetails)), 1,
                properties.metricsInterval().toSeconds(), TimeUnit.SECONDS);
    }

    /** Refreshes every cluster now and waits (tests, start-up). */
    void refreshNow() {
        clusters.forEach(c -> {
            c.probe();
            c.refreshDetails();
        });
    }

    // ---- reads (from informer caches) --------------------------------------------------------------------

    @Override
    public List<FactoryRef> factories() {
        List<FactoryRef> refs = new ArrayList<>();
        for (ClusterClient cluster : clusters) {
            for (V1Deployment d : cluster.factoryDeployments()) {
                String id = label(d, FactoryLabels.FACTORY);
                if (id == null) {
                    continue;
                }
                refs.add(new FactoryRef(id, displayName(d, id), country(d), cluster.name, telemetryUrl(cluster, id)));
            }
        }
        return refs;
    }

    @Override
    public List<ClusterInfo> clusters() {
        List<ClusterInfo> result = new ArrayList<>();
        for (ClusterClient cluster : clusters) {
            Map<String, ClusterClient.Usage> usage = cluster.nodeUsage();
            List<NodeInfo> nodes = new ArrayList<>();
            for (V1Node node : cluster.nodes.getIndexer().list()) {
                String name = node.getMetadata().getName();
                ClusterClient.Usage u = usage == null ? null : usage.get(name);
                Map<String, io.kubernetes.client.custom.Quantity> capacity = node.getStatus() == null ? null
                        : node.getStatus().getCapacity();
                int cores = capacity == null || capacity.get("cpu") == null ? 0 : capacity.get("cpu").getNumber().intValue();
                long memory = capacity == null || capacity.get("memory") == null ? 0 : capacity.get("memory").getNumber().longValue();
                nodes.add(new NodeInfo(name, ready(node), cores, u == null ? null : u.cpuCores(), memory,
                        u == null ? null : u.memoryBytes()));
            }
            result.add(new ClusterInfo(cluster.name, cluster.status(), cluster.message(), nodes));
        }
        return result;
    }

    @Override
    public List<Workload> workloads() {
        List<Workload> result = new ArrayList<>();
        for (ClusterClient cluster : clusters) {
            Map<String, ClusterClient.Usage> usage = cluster.podUsage();
            for (V1Deployment d : cluster.factoryDeployments()) {
                String id = label(d, FactoryLabels.FACTORY);
                if (id == null) {
                    continue;
                }
                List<Workload.Replica> replicas = new ArrayList<>();
                Double cpu = usage == null ? null : 0.0;
                Long memory = usage == null ? null : 0L;
                for (V1Pod pod : cluster.pods.getIndexer().list()) {
                    if (!id.equals(label(pod, FactoryLabels.FACTORY))) {
                        continue;
                    }
                    String podName = pod.getMetadata().getName();
                    replicas.add(new Workload.Replica(podName, pod.getStatus() == null ? null : pod.getStatus().getPodIP(),
                            podReady(pod)));
                    ClusterClient.Usage u = usage == null ? null : usage.get(podName);
                    if (u != null) {
                        cpu += u.cpuCores();
                        memory += u.memoryBytes();
                    }
                }
                int desired = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
                result.add(new Workload(id, displayName(d, id), country(d), cluster.name, desired, ready,
                        autoscalingOf(cluster, id), cpu, memory, replicas));
            }
        }
        return result;
    }

    // ---- changes -------------------------------------------------------------------------------------------

    @Override
    public FactoryRef create(NewFactory request, Progress progress) {
        ClusterClient cluster = clusterNamed(request.cluster());
        String ns = cluster.namespace;
        String name = FactoryResources.name(request.id());
        boolean deploymentCreated = false;
        try {
            progress.step("Creating Deployment " + name + " in " + cluster.name);
            cluster.apps.createNamespacedDeployment(ns, FactoryResources.deployment(request, ns, properties.factoryImage())).execute();
            deploymentCreated = true;
            progress.step("Creating Service " + name);
            cluster.core.createNamespacedService(ns, FactoryResources.service(request, ns)).execute();
            progress.step("Waiting for the rollout to become available");
            awaitAvailable(cluster, name);
            progress.step("Available");
            return new FactoryRef(request.id(), request.name(), request.country(), cluster.name, telemetryUrl(cluster, request.id()));
        } catch (ApiException e) {
            if (deploymentCreated) {
                deleteQuietly(cluster, request.id());
            }
            throw new IllegalStateException("Kubernetes refused: HTTP " + e.getCode() + " " + brief(e), e);
        } catch (RuntimeException e) {
            if (deploymentCreated) {
                deleteQuietly(cluster, request.id());
            }
            throw e;
        }
    }

    private void awaitAvailable(ClusterClient cluster, String name) throws ApiException {
        Instant deadline = clock.instant().plus(properties.rolloutTimeout());
        while (clock.instant().isBefore(deadline)) {
            V1Deployment d = cluster.apps.readNamespacedDeployment(name, cluster.namespace).execute();
            Integer available = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
            if (available != null && available > 0) {
                return;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name);
            }
        }
        throw new IllegalStateException("Rollout of " + name + " not available after " + properties.rolloutTimeout().toSeconds() + " s");
    }

    @Override
    public void delete(String factoryId, Progress progress) {
        ClusterClient cluster = clusterOf(factoryId);
        progress.step("Deleting the Deployment, Service and autoscaler of " + factoryId + " in " + cluster.name);
        try {
            deleteResources(cluster, factoryId);
        } catch (ApiException e) {
            throw new IllegalStateException("Kubernetes refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    @Override
    public void scale(String factoryId, int replicas, Progress progress) {
        ClusterClient cluster = clusterOf(factoryId);
        progress.step("Scaling " + factoryId + " to " + replicas);
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]";
        String name = FactoryResources.name(factoryId);
        try {
            PatchUtils.patch(io.kubernetes.client.openapi.models.V1Scale.class,
                    () -> cluster.apps.patchNamespacedDeploymentScale(name, cluster.namespace, new V1Patch(patch)).buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_PATCH, cluster.requests);
        } catch (ApiException e) {
            throw new IllegalStateException("Scaling refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    @Override
    public void autoscale(String factoryId, Autoscaling bounds) {
        ClusterClient cluster = clusterOf(factoryId);
        String name = FactoryResources.name(factoryId);
        try {
            if (bounds == null) {
                ignoreNotFound(() -> cluster.autoscaling.deleteNamespacedHorizontalPodAutoscaler(name, cluster.namespace).execute());
                return;
            }
            V2HorizontalPodAutoscaler hpa = FactoryResources.autoscaler(factoryId, countryOf(cluster, factoryId), cluster.namespace, bounds);
            try {
                cluster.autoscaling.createNamespacedHorizontalPodAutoscaler(cluster.namespace, hpa).execute();
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                V2HorizontalPodAutoscaler existing = cluster.autoscaling
                        .readNamespacedHorizontalPodAutoscaler(name, cluster.namespace).execute();
                hpa.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                cluster.autoscaling.replaceNamespacedHorizontalPodAutoscaler(name, cluster.namespace, hpa).execute();
            }
        } catch (ApiException e) {
            throw new IllegalStateException("Autoscaling refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    /** Rollout restart, as kubectl does it: a changed annotation on the pod template. */
    @Override
    public void restart(String factoryId, Progress progress) {
        ClusterClient cluster = clusterOf(factoryId);
        String name = FactoryResources.name(factoryId);
        progress.step("Restarting " + factoryId);
        try {
            V1Deployment current = cluster.apps.readNamespacedDeployment(name, cluster.namespace).execute();
            boolean hasAnnotations = current.getSpec() != null && current.getSpec().getTemplate().getMetadata() != null
                    && current.getSpec().getTemplate().getMetadata().getAnnotations() != null;
            String now = clock.instant().toString();
            String patch = hasAnnotations
                    ? "[{\"op\":\"add\",\"path\":\"/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt\",\"value\":\"" + now + "\"}]"
                    : "[{\"op\":\"add\",\"path\":\"/spec/template/metadata/annotations\",\"value\":{\"" + FactoryLabels.RESTARTED_AT + "\":\"" + now + "\"}}]";
            PatchUtils.patch(V1Deployment.class,
                    () -> cluster.apps.patchNamespacedDeployment(name, cluster.namespace, new V1Patch(patch)).buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_PATCH, cluster.requests);
        } catch (ApiException e) {
            throw new IllegalStateException("Restart refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    // ---- service mesh (Istio v1 custom resources) ------------------------------------------------------------

    private static final Map<String, String[]> MESH_KINDS = Map.of(
            "VirtualService", new String[] {"networking.istio.io", "virtualservices"},
            "DestinationRule", new String[] {"networking.istio.io", "destinationrules"},
            "PeerAuthentication", new String[] {"security.istio.io", "peerauthentications"},
            "AuthorizationPolicy", new String[] {"security.istio.io", "authorizationpolicies"});

    @Override
    public boolean meshSupported() {
        return true;
    }

    @Override
    public Map<String, Boolean> meshClusters() {
        Map<String, Boolean> result = new java.util.LinkedHashMap<>();
        clusters.forEach(c -> result.put(c.name, c.meshEnabled()));
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> meshResources(String factoryId) {
        ClusterClient cluster = clusterOf(factoryId);
        Map<String, Map<String, Object>> found = new java.util.LinkedHashMap<>();
        var api = new io.kubernetes.client.openapi.apis.CustomObjectsApi(cluster.requests);
        for (var kind : MESH_KINDS.entrySet()) {
            try {
                Object o = api.getNamespacedCustomObject(kind.getValue()[0], "v1", cluster.namespace, kind.getValue()[1],
                        FactoryResources.name(factoryId)).execute();
                found.put(kind.getKey(), (Map<String, Object>) o);
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw new IllegalStateException("Reading " + kind.getKey() + " failed: HTTP " + e.getCode(), e);
                }
            }
        }
        return found;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void applyMesh(String factoryId, Map<String, Map<String, Object>> resources) {
        ClusterClient cluster = clusterOf(factoryId);
        var api = new io.kubernetes.client.openapi.apis.CustomObjectsApi(cluster.requests);
        String name = FactoryResources.name(factoryId);
        try {
            for (var kind : MESH_KINDS.entrySet()) {
                String group = kind.getValue()[0];
                String plural = kind.getValue()[1];
                Map<String, Object> desired = resources.get(kind.getKey());
                Map<String, Object> existing = null;
                try {
                    existing = (Map<String, Object>) api.getNamespacedCustomObject(group, "v1", cluster.namespace, plural, name).execute();
                } catch (ApiException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
                if (desired == null) {
                    if (existing != null) {
                        api.deleteNamespacedCustomObject(group, "v1", cluster.namespace, plural, name).execute();
                    }
                } else if (existing == null) {
                    api.createNamespacedCustomObject(group, "v1", cluster.namespace, plural, desired).execute();
                } else {
                    Map<String, Object> body = new java.util.LinkedHashMap<>(desired);
                    Map<String, Object> metadata = new java.util.LinkedHashMap<>((Map<String, Object>) desired.get("metadata"));
                    metadata.put("resourceVersion", ((Map<String, Object>) existing.get("metadata")).get("resourceVersion"));
                    body.put("metadata", metadata);
                    api.replaceNamespacedCustomObject(group, "v1", cluster.namespace, plural, name, body).execute();
                }
            }
        } catch (ApiException e) {
            throw new IllegalStateException("Applying mesh policy refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private void deleteResources(ClusterClient cluster, String factoryId) throws ApiException {
        String name = FactoryResources.name(factoryId);
        ignoreNotFound(() -> cluster.autoscaling.deleteNamespacedHorizontalPodAutoscaler(name, cluster.namespace).execute());
        ignoreNotFound(() -> cluster.core.deleteNamespacedService(name, cluster.namespace).execute());
        ignoreNotFound(() -> cluster.apps.deleteNamespacedDeployment(name, cluster.namespace).execute());
    }

    private void deleteQuietly(ClusterClient cluster, String factoryId) {
        try {
            deleteResources(cluster, factoryId);
        } catch (ApiException ignored) {
            // best effort: the original failure is what the user needs to see
        }
    }

    private interface ApiCall {
        void run() throws ApiException;
    }

    private static void ignoreNotFound(ApiCall call) throws ApiException {
        try {
            call.run();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private ClusterClient clusterNamed(String name) {
        return clusters.stream().filter(c -> c.name.equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No cluster " + name));
    }

    private ClusterClient clusterOf(String factoryId) {
        for (ClusterClient cluster : clusters) {
            for (V1Deployment d : cluster.factoryDeployments()) {
                if (factoryId.equals(label(d, FactoryLabels.FACTORY))) {
                    return cluster;
                }
            }
        }
        throw new NoSuchElementException("No factory " + factoryId + " in any cluster");
    }

    private String countryOf(ClusterClient cluster, String factoryId) {
        return cluster.factoryDeployments().stream().filter(d -> factoryId.equals(label(d, FactoryLabels.FACTORY)))
                .map(KubernetesFleet::country).findFirst().orElse("XX");
    }

    private Autoscaling autoscalingOf(ClusterClient cluster, String factoryId) {
        for (V2HorizontalPodAutoscaler hpa : cluster.autoscalers.getIndexer().list()) {
            if (factoryId.equals(label(hpa, FactoryLabels.FACTORY)) && hpa.getSpec() != null) {
                return new Autoscaling(Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1), hpa.getSpec().getMaxReplicas());
            }
        }
        return null;
    }

    private URI telemetryUrl(ClusterClient cluster, String factoryId) {
        String service = FactoryResources.name(factoryId);
        for (V1Service s : cluster.services.getIndexer().list()) {
            if (factoryId.equals(label(s, FactoryLabels.FACTORY))) {
                service = s.getMetadata().getName();
                break;
            }
        }
        return URI.create("http://" + service + "." + cluster.namespace + ".svc." + properties.clusterDomain() + ":"
                + FactoryResources.PORT + "/");
    }

    private static String label(io.kubernetes.client.common.KubernetesObject o, String key) {
        Map<String, String> labels = o.getMetadata() == null ? null : o.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static String displayName(V1Deployment d, String fallback) {
        Map<String, String> annotations = d.getMetadata().getAnnotations();
        String name = annotations == null ? null : annotations.get(FactoryLabels.DISPLAY_NAME);
        return name == null || name.isBlank() ? fallback : name;
    }

    private static String country(V1Deployment d) {
        String country = label(d, FactoryLabels.COUNTRY);
        return country == null ? "??" : country;
    }

    private static boolean ready(V1Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        for (V1NodeCondition c : node.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    private static boolean podReady(V1Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String brief(ApiException e) {
        String body = e.getResponseBody();
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        refreshers.shutdownNow();
        clusters.forEach(ClusterClient::close);
    }
}
