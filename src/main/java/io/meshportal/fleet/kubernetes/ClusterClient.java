package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.Metrics;
import io.kubernetes.client.custom.ContainerMetrics;
import io.kubernetes.client.custom.NodeMetrics;
import io.kubernetes.client.custom.PodMetrics;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscalerList;
import io.meshportal.fleet.ClusterInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster: its API clients, shared informers (list + watch + resync) for the factory resources and nodes,
 * and the last metrics and reachability seen. Views read only from here; nothing waits on the cluster.
 */
final class ClusterClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterClient.class);

    /** CPU cores and memory bytes of a node or pod. */
    record Usage(double cpuCores, long memoryBytes) {}

    final String name;
    final String namespace;
    final ApiClient requests;
    /** Without a read timeout: for long requests (a followed log). */
    final ApiClient streams;

    final CoreV1Api core;
    final AppsV1Api apps;
    final AutoscalingV2Api autoscaling;
    private final SharedInformerFactory informers;
    final SharedIndexInformer<V1Node> nodes;
    final SharedIndexInformer<V1Deployment> deployments;
    final SharedIndexInformer<V1Pod> pods;
    final SharedIndexInformer<V1Service> services;
    final SharedIndexInformer<V2HorizontalPodAutoscaler> autoscalers;
    /** The namespace's events (they carry no labels): what happened to factories' Deployments, ReplicaSets, Pods. */
    final SharedIndexInformer<io.kubernetes.client.openapi.models.CoreV1Event> events;

    private volatile ClusterInfo.Status status = ClusterInfo.Status.UNREACHABLE;
    private volatile String message = "not contacted yet";
    private volatile Map<String, Usage> nodeUsage;
    private volatile Map<String, Usage> podUsage;
    private volatile boolean meshEnabled;
    private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Runnable changed = () -> {};
    private final long probeTimeoutMillis;

    /**
     * @param requests client for requests, with short timeouts
     * @param watches  client for informers, without a read timeout (watches are long requests)
     */
    ClusterClient(
            String name,
            String namespace,
            ApiClient requests,
            ApiClient watches,
            long resyncMillis,
            long probeTimeoutMillis) {
        this.name = name;
        this.probeTimeoutMillis = probeTimeoutMillis;
        this.namespace = namespace;
        this.requests = requests;
        this.streams = watches;
        this.core = new CoreV1Api(requests);
        this.apps = new AppsV1Api(requests);
        this.autoscaling = new AutoscalingV2Api(requests);
        CoreV1Api watchCore = new CoreV1Api(watches);
        AppsV1Api watchApps = new AppsV1Api(watches);
        AutoscalingV2Api watchAutoscaling = new AutoscalingV2Api(watches);
        this.informers = new SharedInformerFactory(watches);
        String selector = FactoryLabels.SELECTOR;
        nodes = informers.sharedIndexInformerFor(
                p -> watchCore
                        .listNode()
                        .resourceVersion(p.resourceVersion)
                        .watch(p.watch)
                        .timeoutSeconds(p.timeoutSeconds)
                        .buildCall(null),
                V1Node.class,
                V1NodeList.class,
                resyncMillis,
                this::informerFailed);
        deployments = informers.sharedIndexInformerFor(
                p -> watchApps
                        .listNamespacedDeployment(namespace)
                        .labelSelector(selector)
                        .resourceVersion(p.resourceVersion)
                        .watch(p.watch)
                        .timeoutSeconds(p.timeoutSeconds)
                        .buildCall(null),
                V1Deployment.class,
                V1DeploymentList.class,
                resyncMillis,
                this::informerFailed);
        pods = informers.sharedIndexInformerFor(
                p -> watchCore
                        .listNamespacedPod(namespace)
                        .labelSelector(selector)
                        .resourceVersion(p.resourceVersion)
                        .watch(p.watch)
                        .timeoutSeconds(p.timeoutSeconds)
                        .buildCall(null),
                V1Pod.class,
                V1PodList.class,
                resyncMillis,
                this::informerFailed);
        services = informers.sharedIndexInformerFor(
                p -> watchCore
                        .listNamespacedService(namespace)
                        .labelSelector(selector)
                        .resourceVersion(p.resourceVersion)
                        .watch(p.watch)
                        .timeoutSeconds(p.timeoutSeconds)
                        .buildCall(null),
                V1Service.class,
                V1ServiceList.class,
                resyncMillis,
                this::informerFailed);
        autoscalers = informers.sharedIndexInformerFor(
                p -> watchAutoscaling
                        .listNamespacedHorizontalPodAutoscaler(namespace)
                        .labelSelector(selector)
                        .resourceVersion(p.resourceVersion)
                        .watch(p.watch)
                        .timeoutSeconds(p.timeoutSeconds)
                        .buildCall(null),
                V2HorizontalPodAutoscaler.class,
                V2HorizontalPodAutoscalerList.class,
                resyncMillis,
                this::informerFailed);
        events = informers.sharedIndexInformerFor(
                p -> watchCore
                        .listNamespacedEvent(namespace)
                        .resourceVersion(p.resourceVersion)
                        .watch(p.watch)
                        .timeoutSeconds(p.timeoutSeconds)
                        .buildCall(null),
                io.kubernetes.client.openapi.models.CoreV1Event.class,
                io.kubernetes.client.openapi.models.CoreV1EventList.class,
                resyncMillis,
                this::informerFailed);
    }

    /** Tells {@code changed} of every add, update and delete the informers see, and of status and readings. */
    void onChange(Runnable changed) {
        this.changed = changed;
        for (SharedIndexInformer<?> informer : List.of(nodes, deployments, pods, services, autoscalers)) {
            addHandler(informer, changed);
        }
    }

    private static <T extends io.kubernetes.client.common.KubernetesObject> void addHandler(
            SharedIndexInformer<T> informer, Runnable changed) {
        informer.addEventHandler(new io.kubernetes.client.informer.ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                changed.run();
            }

            @Override
            public void onUpdate(T before, T after) {
                changed.run();
            }

            @Override
            public void onDelete(T object, boolean stateUnknown) {
                changed.run();
            }
        });
    }

    void start() {
        informers.startAllRegisteredInformers();
    }

    ClusterInfo.Status status() {
        return status;
    }

    String message() {
        return message;
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

    /**
     * Runs {@link #probe} on the executor unless a probe of this cluster is still running, so a hanging API
     * server never piles up probes.
     */
    void probeAsync(java.util.concurrent.Executor executor) {
        if (probing.compareAndSet(false, true)) {
            executor.execute(() -> {
                boolean reached;
                try {
                    reached = probe();
                } finally {
                    probing.set(false);
                }
                if (reached) {
                    // mesh and metrics now rather than at the next round, on their own thread: their calls have
                    // the longer request timeout and must never hold up the next probe
                    executor.execute(this::refreshDetails);
                }
            });
        }
    }

    /**
     * Reachability: GET /version/ bounded by the probe timeout as a whole call (not per read), so a server that
     * accepts connections and then hangs is marked as quickly as one that refuses them.
     *
     * @return true when the cluster has just become reachable (start-up, recovery)
     */
    boolean probe() {
        try {
            okhttp3.Call call = new VersionApi(requests).getCode().buildCall(null);
            call.timeout().timeout(probeTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            requests.execute(call, io.kubernetes.client.openapi.models.VersionInfo.class);
            boolean wasReachable = status == ClusterInfo.Status.REACHABLE;
            status = ClusterInfo.Status.REACHABLE;
            message = null;
            if (!wasReachable) {
                changed.run();
            }
            return !wasReachable;
        } catch (ApiException e) {
            mark(e);
        } catch (RuntimeException e) {
            // an answer client-java cannot read (a proxy's error page, another API): not a Kubernetes API we can use
            unreachable("unexpected answer: " + e.getClass().getSimpleName());
        }
        return false;
    }

    /** Mesh detection and metrics: slower-changing, refreshed less often than the probe; only when reachable. */
    void refreshDetails() {
        if (status != ClusterInfo.Status.REACHABLE) {
            return;
        }
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
                log.debug("Metrics of cluster {} unavailable: {}", name, e.getCode());
            }
        } catch (RuntimeException e) {
            log.debug("Metrics of cluster {} unreadable", name, e);
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

    /**
     * Informer errors count only when they say something about the cluster as a whole: credentials refused or no
     * answer at all. Other watch errors (410 Gone for an expired resourceVersion, a 400 from a proxy) are part of
     * normal watching; the informer re-lists by itself and the reachability probe decides the status.
     */
    private void informerFailed(Class<?> type, Throwable error) {
        if (error instanceof ApiException e) {
            if (e.getCode() == 401 || e.getCode() == 403 || e.getCode() == 0) {
                mark(e);
            } else {
                log.debug("Watch of {} in cluster {} failed with HTTP {}", type.getSimpleName(), name, e.getCode());
            }
        } else if (error instanceof java.io.IOException) {
            unreachable(
                    error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
        }
    }

    private void unreachable(String why) {
        boolean was = status != ClusterInfo.Status.UNREACHABLE;
        status = ClusterInfo.Status.UNREACHABLE;
        message = why;
        meshEnabled = false;
        if (was) {
            changed.run();
        }
    }

    void mark(ApiException e) {
        ClusterInfo.Status before = status;
        markStatus(e);
        meshEnabled = false; // unknown while the cluster does not answer; detected again once it does
        if (status != before) {
            changed.run();
        }
    }

    private void markStatus(ApiException e) {
        if (e.getCode() == 401 || e.getCode() == 403) {
            status = ClusterInfo.Status.UNAUTHORIZED;
            message = "HTTP " + e.getCode() + ": the portal's credentials are not accepted";
        } else if (e.getCode() == 0) {
            status = ClusterInfo.Status.UNREACHABLE;
            message = e.getCause() == null
                    ? String.valueOf(e.getMessage())
                    : e.getCause().getClass().getSimpleName()
                            + (e.getCause().getMessage() == null
                                    ? ""
                                    : ": " + e.getCause().getMessage());
        } else {
            status = ClusterInfo.Status.UNREACHABLE;
            message = "HTTP " + e.getCode();
        }
    }

    /** Every Deployment of a factory (stable and canary), not the portal's own. */
    List<V1Deployment> factoryDeployments() {
        return deployments.getIndexer().list().stream()
                .filter(d -> KubeObjects.label(d, FactoryLabels.FACTORY) != null)
                .toList();
    }

    @Override
    public void close() {
        informers.stopAllRegisteredInformers(true);
    }
}
