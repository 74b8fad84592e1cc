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
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the fleet port reads, answered from each cluster's informer caches: nothing here waits on a cluster. */
final class KubernetesReads {

    private final Clusters clusters;
    private final KubernetesProperties properties;

    KubernetesReads(Clusters clusters, KubernetesProperties properties) {
        this.clusters = clusters;
        this.properties = properties;
    }

    List<FactoryRef> factories() {
        List<FactoryRef> refs = new ArrayList<>();
        for (ClusterClient cluster : clusters.all()) {
            for (V1Deployment d : cluster.factoryDeployments()) {
                String id = label(d, FactoryLabels.FACTORY);
                if (id != null) {
                    refs.add(ref(cluster, id, displayName(d, id), country(d)));
                }
            }
        }
        return refs;
    }

    FactoryRef ref(ClusterClient cluster, String id, String name, String country) {
        return new FactoryRef(id, name, country, cluster.name, cluster.namespace, telemetryUrl(cluster, id));
    }

    List<ClusterInfo> clusters() {
        List<ClusterInfo> result = new ArrayList<>();
        for (ClusterClient cluster : clusters.all()) {
            Map<String, ClusterClient.Usage> usage = cluster.nodeUsage();
            List<NodeInfo> nodes = new ArrayList<>();
            for (V1Node node : cluster.nodes.getIndexer().list()) {
                String name = node.getMetadata().getName();
                ClusterClient.Usage u = usage == null ? null : usage.get(name);
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
                        u == null ? null : u.memoryBytes()));
            }
            result.add(new ClusterInfo(cluster.name, cluster.status(), cluster.message(), nodes));
        }
        return result;
    }

    List<Workload> workloads() {
        List<Workload> result = new ArrayList<>();
        for (ClusterClient cluster : clusters.all()) {
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
                    replicas.add(new Workload.Replica(
                            podName,
                            pod.getStatus() == null ? null : pod.getStatus().getPodIP(),
                            KubeObjects.podReady(pod)));
                    ClusterClient.Usage u = usage == null ? null : usage.get(podName);
                    if (u != null) {
                        cpu += u.cpuCores();
                        memory += u.memoryBytes();
                    }
                }
                int desired = d.getSpec() == null || d.getSpec().getReplicas() == null
                        ? 1
                        : d.getSpec().getReplicas();
                int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                        ? 0
                        : d.getStatus().getReadyReplicas();
                result.add(new Workload(
                        id,
                        displayName(d, id),
                        country(d),
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

    String countryOf(ClusterClient cluster, String factoryId) {
        return cluster.factoryDeployments().stream()
                .filter(d -> factoryId.equals(label(d, FactoryLabels.FACTORY)))
                .map(KubeObjects::country)
                .findFirst()
                .orElse("XX");
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
}
