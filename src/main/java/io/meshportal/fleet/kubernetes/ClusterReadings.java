package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.Metrics;
import io.kubernetes.client.custom.ContainerMetrics;
import io.kubernetes.client.custom.NodeMetrics;
import io.kubernetes.client.custom.PodMetrics;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one cluster offers beside its objects, read less often than the probe: whether Istio is installed, and the
 * nodes' and factory pods' usage from metrics-server. The last readings are kept for the views; absent ones stay
 * absent (null), never zero.
 */
final class ClusterReadings {

    private static final Logger log = LoggerFactory.getLogger(ClusterReadings.class);

    /** CPU cores and memory bytes of a node or pod. */
    record Usage(double cpuCores, long memoryBytes) {}

    private final String cluster;
    private final String namespace;
    private final ApiClient requests;
    private final Runnable changed;

    private volatile Map<String, Usage> nodeUsage;
    private volatile Map<String, Usage> podUsage;
    private volatile boolean meshEnabled;

    /** @param changed told when new metrics have been read */
    ClusterReadings(String cluster, String namespace, ApiClient requests, Runnable changed) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.requests = requests;
        this.changed = changed;
    }

    boolean meshEnabled() {
        return meshEnabled;
    }

    /** Node usage by node name; null when metrics-server is not available. */
    Map<String, Usage> nodeUsage() {
        return nodeUsage;
    }

    /** Pod usage by pod name; null when metrics-server is not available. */
    Map<String, Usage> podUsage() {
        return podUsage;
    }

    /** The cluster does not answer: whether it runs a mesh is unknown until it does again. */
    void forgetMesh() {
        meshEnabled = false;
    }

    /** Mesh detection and metrics, read now; the caller calls this only while the cluster is reachable. */
    void refresh() {
        try {
            // Istio installed: its networking API group is served
            new io.kubernetes.client.openapi.apis.CustomObjectsApi(requests)
                    .getAPIResources("networking.istio.io", "v1")
                    .execute();
            meshEnabled = true;
        } catch (ApiException | RuntimeException e) {
            meshEnabled = false;
        }
        Metrics metrics = new Metrics(requests);
        try {
            Map<String, Usage> nodesNow = new HashMap<>();
            for (NodeMetrics m : metrics.getNodeMetrics().getItems()) {
                nodesNow.put(m.getMetadata().getName(), usage(m.getUsage()));
            }
            Map<String, Usage> podsNow = new HashMap<>();
            for (PodMetrics m :
                    metrics.getPodMetrics(namespace, FactoryLabels.SELECTOR).getItems()) {
                double cpu = 0;
                long memory = 0;
                for (ContainerMetrics c : m.getContainers()) {
                    Usage u = usage(c.getUsage());
                    cpu += u.cpuCores();
                    memory += u.memoryBytes();
                }
                podsNow.put(m.getMetadata().getName(), new Usage(cpu, memory));
            }
            nodeUsage = nodesNow;
            podUsage = podsNow;
            changed.run();
        } catch (ApiException e) {
            // 404: no metrics-server. Usage is then absent, never shown as zero.
            nodeUsage = null;
            podUsage = null;
            if (e.getCode() != 404) {
                log.debug("Metrics of cluster {} unavailable: {}", cluster, e.getCode());
            }
        } catch (RuntimeException e) {
            log.debug("Metrics of cluster {} unreadable", cluster, e);
            nodeUsage = null;
            podUsage = null;
        }
    }

    private static Usage usage(Map<String, Quantity> usage) {
        Quantity cpu = usage.get("cpu");
        Quantity memory = usage.get("memory");
        return new Usage(
                cpu == null ? 0 : cpu.getNumber().doubleValue(),
                memory == null ? 0 : memory.getNumber().longValue());
    }
}
