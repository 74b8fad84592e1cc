package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.meshportal.fleet.FactoryRef;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clusters, keyed by name (the kubeconfig context), as Kiali keeps one client per cluster. Each is probed and
 * refreshed on its own virtual thread, so one broken cluster never blocks another or a UI.
 */
final class Clusters implements AutoCloseable {

    private final Map<String, ClusterClient> byName = new LinkedHashMap<>();
    private final KubernetesProperties properties;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubernetes-refresh");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService refreshers = Executors.newVirtualThreadPerTaskExecutor();

    /** @param changed told whenever a cluster's objects, status or readings change */
    Clusters(List<ClusterClient> clients, KubernetesProperties properties, Runnable changed) {
        this.properties = properties;
        for (ClusterClient client : clients) {
            if (byName.putIfAbsent(client.name, client) != null) {
                throw new IllegalArgumentException("Two clusters named " + client.name);
            }
            client.onChange(changed);
        }
    }

    void start() {
        byName.values().forEach(ClusterClient::start);
        // frequent cheap probes mark a failing cluster within ~2 s; metrics and mesh detection change slowly
        scheduler.scheduleWithFixedDelay(
                () -> byName.values().forEach(c -> c.probeAsync(refreshers)),
                0,
                properties.probeInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> byName.values().forEach(c -> refreshers.submit(c::refreshDetails)),
                1,
                properties.metricsInterval().toSeconds(),
                TimeUnit.SECONDS);
    }

    /** Refreshes every cluster now and waits (tests, start-up). */
    void refreshNow() {
        byName.values().forEach(c -> {
            c.probe();
            c.refreshDetails();
        });
    }

    Collection<ClusterClient> all() {
        return byName.values();
    }

    ClusterClient named(String name) {
        ClusterClient cluster = byName.get(name);
        if (cluster == null) {
            throw new NoSuchElementException("No cluster " + name);
        }
        return cluster;
    }

    /** The cluster the fleet reported the factory in. */
    ClusterClient of(FactoryRef factory) {
        return named(factory.cluster());
    }

    /** The cluster whose informers hold the factory's Deployment. */
    ClusterClient hosting(String factoryId) {
        for (ClusterClient cluster : byName.values()) {
            for (V1Deployment d : cluster.factoryDeployments()) {
                if (factoryId.equals(KubeObjects.label(d, FactoryLabels.FACTORY))) {
                    return cluster;
                }
            }
        }
        throw new NoSuchElementException("No factory " + factoryId + " in any cluster");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        refreshers.shutdownNow();
        byName.values().forEach(ClusterClient::close);
    }
}
