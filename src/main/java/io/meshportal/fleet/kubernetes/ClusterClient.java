package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.AutoscalingV2Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
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
import java.util.List;
import java.util.Map;

/**
 * One cluster: its API clients and shared informers (list + watch + resync) for the factory resources and nodes,
 * with its {@link ClusterReachability} and {@link ClusterReadings} (mesh, metrics). Views read only from here;
 * nothing waits on the cluster.
 */
final class ClusterClient implements AutoCloseable {

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

    private final ClusterReachability reachability;
    private final ClusterReadings readings;
    private final java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Runnable changed = () -> {};

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
        this.namespace = namespace;
        this.readings = new ClusterReadings(name, namespace, requests, this::changed);
        this.reachability =
                new ClusterReachability(name, requests, probeTimeoutMillis, this::changed, readings::forgetMesh);
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
                reachability::informerFailed);
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
                reachability::informerFailed);
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
                reachability::informerFailed);
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
                reachability::informerFailed);
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
                reachability::informerFailed);
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
                reachability::informerFailed);
    }

    /** Tells {@code changed} of every add, update and delete the informers see, and of status and readings. */
    void onChange(Runnable changed) {
        this.changed = changed;
        for (SharedIndexInformer<?> informer : List.of(nodes, deployments, pods, services, autoscalers)) {
            addHandler(informer, changed);
        }
    }

    private void changed() {
        changed.run();
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
        return reachability.status();
    }

    String message() {
        return reachability.message();
    }

    boolean meshEnabled() {
        return readings.meshEnabled();
    }

    /** Node usage by node name; null when metrics-server is not available. */
    Map<String, ClusterReadings.Usage> nodeUsage() {
        return readings.nodeUsage();
    }

    /** Pod usage by pod name; null when metrics-server is not available. */
    Map<String, ClusterReadings.Usage> podUsage() {
        return readings.podUsage();
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
     * Reachability, see {@link ClusterReachability#probe()}.
     *
     * @return true when the cluster has just become reachable (start-up, recovery)
     */
    boolean probe() {
        return reachability.probe();
    }

    /** Mesh detection and metrics: slower-changing, refreshed less often than the probe; only when reachable. */
    void refreshDetails() {
        if (reachability.status() != ClusterInfo.Status.REACHABLE) {
            return;
        }
        readings.refresh();
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
