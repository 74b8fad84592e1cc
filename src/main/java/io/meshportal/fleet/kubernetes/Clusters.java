package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.openapi.models.V1Deployment;
import io.meshportal.fleet.FactoryRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusters, keyed by name (the kubeconfig context), as Kiali keeps one client per cluster. Each is probed and
 * refreshed on its own virtual thread, so one broken cluster never blocks another or a UI. With a kubeconfig
 * file the set follows the file at run time ({@link #watch}): a mounted Secret is updated in place, and contexts
 * come and go without a restart. A context that cannot be used is kept as broken, with its reason.
 */
final class Clusters implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Clusters.class);

    /** Sorted by name: reads are in a stable order, and "the first cluster" means the same one every time. */
    private final SortedMap<String, ClusterClient> byName = new ConcurrentSkipListMap<>();

    private final Map<String, String> broken = new ConcurrentSkipListMap<>();
    private final Map<String, String> fingerprints = new HashMap<>();
    private final KubernetesProperties properties;
    private final Runnable changed;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kubernetes-refresh");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService refreshers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean started;
    private byte[] lastDigest;

    /** @param changed told whenever a cluster's objects, status or readings change, and when clusters come or go */
    Clusters(List<ClusterClient> clients, KubernetesProperties properties, Runnable changed) {
        this.properties = properties;
        this.changed = changed;
        for (ClusterClient client : clients) {
            if (byName.putIfAbsent(client.name, client) != null) {
                throw new IllegalArgumentException("Two clusters named " + client.name);
            }
            client.onChange(changed);
        }
    }

    void start() {
        started = true;
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

    /**
     * Follows the kubeconfig file: reads it every {@code reloadInterval} and, when its content changed, adds new
     * contexts, drops removed ones and rebuilds changed ones. Reading the content (not watching for events) also
     * sees a mounted Secret's atomic symlink swap.
     *
     * @param build makes the client of one context, or throws with the reason it cannot be used
     */
    void watch(Path file, List<String> wanted, BiFunction<String, Path, ClusterClient> build) {
        reload(file, wanted, build);
        long every = properties.reloadInterval().toMillis();
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        reload(file, wanted, build);
                    } catch (RuntimeException e) {
                        log.warn("Kubeconfig {} not reloaded: {}", file, e.getMessage());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    /** One reconciliation with the file; does nothing when its content is unchanged. */
    synchronized void reload(Path file, List<String> wanted, BiFunction<String, Path, ClusterClient> build) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read kubeconfig " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (java.util.Arrays.equals(digest, lastDigest)) {
            return;
        }
        lastDigest = digest;
        Map<String, String> now = ClusterLoader.contexts(file, wanted);
        for (String name : Set.copyOf(fingerprints.keySet())) {
            if (!now.containsKey(name) || !now.get(name).equals(fingerprints.get(name))) {
                remove(name);
            }
        }
        for (var context : now.entrySet()) {
            if (fingerprints.containsKey(context.getKey())) {
                continue; // unchanged
            }
            fingerprints.put(context.getKey(), context.getValue());
            try {
                ClusterClient client = build.apply(context.getKey(), file);
                client.onChange(changed);
                byName.put(client.name, client);
                if (started) {
                    client.start();
                    client.probeAsync(refreshers);
                }
                log.info("Cluster {} added from {}", client.name, file);
            } catch (RuntimeException e) {
                broken.put(context.getKey(), e.getMessage());
                log.warn("Cluster {} cannot be used: {}", context.getKey(), e.getMessage());
            }
        }
        changed.run();
    }

    private void remove(String name) {
        fingerprints.remove(name);
        broken.remove(name);
        ClusterClient gone = byName.remove(name);
        if (gone != null) {
            gone.close();
            log.info("Cluster {} removed", name);
        }
    }

    /** Refreshes every cluster now and waits (tests, start-up). */
    void refreshNow() {
        byName.values().forEach(c -> {
            c.probe();
            c.refreshDetails();
        });
    }

    Collection<ClusterClient> all() {
        return List.copyOf(byName.values());
    }

    /** Contexts that could not be used, with the reason, by name. */
    Map<String, String> broken() {
        return Map.copyOf(broken);
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

    /** {@link #hosting}, or empty for a factory no cluster holds (gone, or not yet seen). */
    java.util.Optional<ClusterClient> hostingIfAny(String factoryId) {
        try {
            return java.util.Optional.of(hosting(factoryId));
        } catch (NoSuchElementException gone) {
            return java.util.Optional.empty();
        }
    }

    /** The first cluster (by name) whose informers hold the factory's Deployment: the one the fleet reports. */
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
