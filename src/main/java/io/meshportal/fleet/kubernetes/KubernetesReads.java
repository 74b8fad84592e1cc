package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.KubeObjects.country;
import static io.meshportal.fleet.kubernetes.KubeObjects.displayName;
import static io.meshportal.fleet.kubernetes.KubeObjects.label;

import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.NodeInfo;
import io.meshportal.fleet.Workload;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** What the fleet port reads, answered from each cluster's informer caches: nothing here waits on a cluster. */
final class KubernetesReads {

    private final Clusters clusters;
    private final KubernetesProperties properties;

    KubernetesReads(Clusters clusters, KubernetesProperties properties) {
        this.clusters = clusters;
        this.properties = properties;
    }

    /**
     * Every factory once. A factory id is meant to be unique across clusters; when two clusters hold the same id
     * the first cluster by name wins, every time (so telemetry does not flap between them), and the other
     * cluster shows a warning.
     */
    List<FactoryRef> factories() {
        List<FactoryRef> refs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ClusterClient cluster : clusters.all()) {
            for (V1Deployment d : cluster.factoryDeployments()) {
                String id = label(d, FactoryLabels.FACTORY);
                if (id != null && seen.add(id)) {
                    refs.add(ref(cluster, id, displayName(d, id), country(d)).withLife(stableUid(cluster, id)));
                }
            }
        }
        return refs;
    }

    /**
     * The factory's life: its stable Deployment's uid (a Deployment deleted and created again under the same name
     * gets a new one). A cluster that is only unreachable keeps the cached objects, so it ends no life.
     */
    private static String stableUid(ClusterClient cluster, String id) {
        String name = FactoryResources.name(id);
        for (V1Deployment d : cluster.factoryDeployments()) {
            if (d.getMetadata() != null && name.equals(d.getMetadata().getName())) {
                return d.getMetadata().getUid();
            }
        }
        return null;
    }

    FactoryRef ref(ClusterClient cluster, String id, String name, String country) {
        return new FactoryRef(id, name, country, cluster.name, cluster.namespace, telemetryUrl(cluster, id));
    }

    List<ClusterInfo> clusters() {
        Map<String, String> owner = owners();
        List<ClusterInfo> result = new ArrayList<>();
        for (ClusterClient cluster : clusters.all()) {
            Map<String, ClusterReadings.Usage> usage = cluster.nodeUsage();
            List<NodeInfo> nodes = new ArrayList<>();
            for (V1Node node : cluster.nodes.getIndexer().list()) {
                String name = node.getMetadata().getName();
                ClusterReadings.Usage u = usage == null ? null : usage.get(name);
                Map<String, Quantity> capacity =
                        node.getStatus() == null ? null : node.getStatus().getCapacity();
                int cores = capacity == null || capacity.get("cpu") == null
                        ? 0
                        : capacity.get("cpu").getNumber().intValue();
                long memory = capacity == null || capacity.get("memory") == null
                        ? 0
                        : capacity.get("memory").getNumber().longValue();
                nodes.add(new NodeInfo(
                        name,
                        KubeObjects.ready(node),
                        cores,
                        u == null ? null : u.cpuCores(),
                        memory,
                        u == null ? null : u.memoryBytes(),
                        KubeObjects.problems(node)));
            }
            nodes.sort(java.util.Comparator.comparing(NodeInfo::name));
            List<String> warnings = new ArrayList<>();
            for (V1Deployment d : cluster.factoryDeployments()) {
                String id = label(d, FactoryLabels.FACTORY);
                if (id != null && owner.containsKey(id) && !owner.get(id).equals(cluster.name)) {
                    warnings.add("Factory " + id + " is also in cluster " + owner.get(id)
                            + ": factory ids must be unique across clusters, so the portal shows only that one");
                }
            }
            result.add(new ClusterInfo(cluster.name, cluster.status(), cluster.message(), nodes, warnings));
        }
        clusters.broken()
                .forEach((name, reason) -> result.add(new ClusterInfo(
                        name, ClusterInfo.Status.UNREACHABLE, "kubeconfig: " + reason, List.of(), List.of())));
        return result;
    }

    /** Factory id → the cluster the fleet reports it in (the first by name). */
    private Map<String, String> owners() {
        Map<String, String> owner = new HashMap<>();
        for (ClusterClient cluster : clusters.all()) {
            for (V1Deployment d : cluster.factoryDeployments()) {
                String id = label(d, FactoryLabels.FACTORY);
                if (id != null) {
                    owner.putIfAbsent(id, cluster.name);
                }
            }
        }
        return owner;
    }

    List<Workload> workloads() {
        Map<String, String> owner = owners();
        List<Workload> result = new ArrayList<>();
        for (ClusterClient cluster : clusters.all()) {
            Map<String, ClusterReadings.Usage> usage = cluster.podUsage();
            // the factory's Deployments in this cluster (one per version), with their pods
            Map<String, List<V1Deployment>> byFactory = new java.util.TreeMap<>();
            for (V1Deployment d : cluster.factoryDeployments()) {
                String id = label(d, FactoryLabels.FACTORY);
                if (id != null && cluster.name.equals(owner.get(id))) {
                    byFactory.computeIfAbsent(id, k -> new ArrayList<>()).add(d);
                }
            }
            for (var factory : byFactory.entrySet()) {
                String id = factory.getKey();
                V1Deployment first = factory.getValue().getFirst();
                List<Workload.Replica> replicas = new ArrayList<>();
                Double cpu = null;
                Long memory = null;
                for (V1Pod pod : cluster.pods.getIndexer().list()) {
                    if (!id.equals(label(pod, FactoryLabels.FACTORY))) {
                        continue;
                    }
                    ClusterReadings.Usage u =
                            usage == null ? null : usage.get(pod.getMetadata().getName());
                    replicas.add(replica(pod, u));
                    if (u != null) { // absent until metrics-server has a sample: "—", not 0
                        cpu = (cpu == null ? 0 : cpu) + u.cpuCores();
                        memory = (memory == null ? 0 : memory) + u.memoryBytes();
                    }
                }
                replicas.sort(java.util.Comparator.comparing(Workload.Replica::name));
                int desired = 0;
                int ready = 0;
                for (V1Deployment d : factory.getValue()) {
                    desired += d.getSpec() == null || d.getSpec().getReplicas() == null
                            ? 1
                            : d.getSpec().getReplicas();
                    ready += d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                            ? 0
                            : d.getStatus().getReadyReplicas();
                }
                result.add(new Workload(
                        id,
                        displayName(first, id),
                        country(first),
                        cluster.name,
                        desired,
                        ready,
                        autoscalingOf(cluster, id),
                        cpu,
                        memory,
                        replicas));
            }
        }
        return result;
    }

    private static Workload.Replica replica(V1Pod pod, ClusterReadings.Usage usage) {
        var status = pod.getStatus();
        int restarts = status == null || status.getContainerStatuses() == null
                ? 0
                : status.getContainerStatuses().stream()
                        .mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount())
                        .sum();
        return new Workload.Replica(
                pod.getMetadata().getName(),
                status == null ? null : status.getPodIP(),
                KubeObjects.podReady(pod),
                status == null || status.getPhase() == null ? "Unknown" : status.getPhase(),
                restarts,
                pod.getSpec() == null ? null : pod.getSpec().getNodeName(),
                status == null || status.getStartTime() == null
                        ? null
                        : status.getStartTime().toInstant(),
                usage == null ? null : usage.cpuCores(),
                usage == null ? null : usage.memoryBytes(),
                label(pod, FactoryLabels.VERSION));
    }

    String countryOf(ClusterClient cluster, String factoryId) {
        return cluster.factoryDeployments().stream()
                .filter(d -> factoryId.equals(label(d, FactoryLabels.FACTORY)))
                .map(KubeObjects::country)
                .findFirst()
                .orElse(null);
    }

    private static Autoscaling autoscalingOf(ClusterClient cluster, String factoryId) {
        for (V2HorizontalPodAutoscaler hpa : cluster.autoscalers.getIndexer().list()) {
            if (factoryId.equals(label(hpa, FactoryLabels.FACTORY)) && hpa.getSpec() != null) {
                return new Autoscaling(
                        Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1),
                        hpa.getSpec().getMaxReplicas());
            }
        }
        return null;
    }

    /** The factory's Service (labelled, whoever deployed it) by its cluster DNS name. */
    URI telemetryUrl(ClusterClient cluster, String factoryId) {
        return URI.create("http://" + serviceHost(cluster, factoryId) + ":" + FactoryResources.PORT + "/");
    }

    String serviceHost(ClusterClient cluster, String factoryId) {
        String service = FactoryResources.name(factoryId);
        for (V1Service s : cluster.services.getIndexer().list()) {
            if (factoryId.equals(label(s, FactoryLabels.FACTORY))) {
                service = s.getMetadata().getName();
                break;
            }
        }
        return service + "." + cluster.namespace + ".svc." + properties.clusterDomain();
    }

    /**
     * The factory's Deployment, Service and autoscaler as its cluster holds them (from the informer caches), cleaned
     * for applying elsewhere; empty when no cluster hosts the factory.
     */
    List<io.meshportal.fleet.Manifest> manifests(String factoryId) {
        ClusterClient cluster = clusters.hostingIfAny(factoryId).orElse(null);
        if (cluster == null) {
            return List.of();
        }
        String key = cluster.namespace + "/" + FactoryResources.name(factoryId);
        String name = FactoryResources.name(factoryId);
        List<io.meshportal.fleet.Manifest> out = new ArrayList<>();
        V1Deployment deployment = cluster.deployments.getIndexer().getByKey(key);
        if (deployment != null) {
            out.add(KubernetesManifests.live("Deployment", name, deployment));
        }
        io.kubernetes.client.openapi.models.V1Service service =
                cluster.services.getIndexer().getByKey(key);
        if (service != null) {
            out.add(KubernetesManifests.live("Service", name, service));
        }
        V2HorizontalPodAutoscaler hpa = cluster.autoscalers.getIndexer().getByKey(key);
        if (hpa != null) {
            out.add(KubernetesManifests.live("HorizontalPodAutoscaler", name, hpa));
        }
        return out;
    }
}
