package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.KubeObjects.brief;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficObjects.Destination;
import io.meshportal.fleet.TrafficObjects.Retries;
import io.meshportal.fleet.TrafficObjects.Routing;
import io.meshportal.fleet.TrafficObjects.Subset;
import io.meshportal.fleet.TrafficObjects.WeightedSubset;
import io.meshportal.fleet.Versions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A factory's versions on Kubernetes, as Istio's canary pattern has them (istio.io/latest/docs/tasks/traffic-
 * management/traffic-shifting/): the stable Deployment {@code factory-<id>}, a canary Deployment
 * {@code factory-<id>-<version>} with its own {@code version} pod label, one Service over both, and in the
 * config cluster a DestinationRule subset per version with VirtualService weights and a header-matched route per
 * version. Promotion works like Flagger's: the stable Deployment is rolled to the canary's template, so the
 * factory's own Deployment (its scale, autoscaler and name) stays, and the canary Deployment is removed.
 */
final class KubernetesVersions {

    /** Istio's route timeout when a VirtualService gives none, as the portal reads it back elsewhere. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final Clusters clusters;
    private final KubernetesReads reads;
    private final KubernetesTraffic traffic;
    private final Awaiter awaiter;
    private final Awaiter rolledOut;
    /** The canary's share as last written; read from the VirtualService when not known yet. */
    private final Map<String, Integer> weights = new ConcurrentHashMap<>();

    interface Awaiter {
        void available(ClusterClient cluster, String deployment) throws ApiException;
    }

    KubernetesVersions(
            Clusters clusters, KubernetesReads reads, KubernetesTraffic traffic, Awaiter awaiter, Awaiter rolledOut) {
        this.rolledOut = rolledOut;
        this.clusters = clusters;
        this.reads = reads;
        this.traffic = traffic;
        this.awaiter = awaiter;
    }

    /** From the informer's cache: what the pages show. */
    Versions versions(String factoryId) {
        ClusterClient cluster = clusters.hosting(factoryId);
        return versionsOf(cluster, factoryId, cluster.factoryDeployments());
    }

    /** From the API server: what a change starts from (the cache may not have seen the last change yet). */
    private Versions live(ClusterClient cluster, String factoryId) {
        try {
            return versionsOf(
                    cluster,
                    factoryId,
                    cluster.apps
                            .listNamespacedDeployment(cluster.namespace)
                            .labelSelector(FactoryLabels.FACTORY + "=" + factoryId)
                            .execute()
                            .getItems());
        } catch (ApiException e) {
            throw new IllegalStateException("Kubernetes refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    private Versions versionsOf(ClusterClient cluster, String factoryId, List<V1Deployment> deployments) {
        V1Deployment stable = null;
        V1Deployment canary = null;
        for (V1Deployment d : deployments) {
            if (!factoryId.equals(KubeObjects.label(d, FactoryLabels.FACTORY))) {
                continue;
            }
            if (FactoryLabels.CANARY_ROLE.equals(KubeObjects.label(d, FactoryLabels.ROLE))) {
                canary = d;
            } else if (FactoryResources.name(factoryId).equals(d.getMetadata().getName())) {
                stable = d;
            }
        }
        if (stable == null) {
            throw new NoSuchElementException("No factory " + factoryId);
        }
        int weight = canary == null ? 0 : weights.computeIfAbsent(factoryId, id -> weightInMesh(cluster, id));
        return new Versions(release(stable), canary == null ? null : release(canary), weight);
    }

    private int weightInMesh(ClusterClient cluster, String factoryId) {
        try {
            Routing routing = traffic.read(ref(cluster, factoryId)).routing();
            if (routing == null) {
                return 0;
            }
            return routing.routes().stream()
                    .filter(r -> TrafficObjects.CANARY.equals(r.subset()))
                    .mapToInt(WeightedSubset::weight)
                    .findFirst()
                    .orElse(0);
        } catch (RuntimeException e) {
            return 0; // the config cluster cannot be read now: no requests are known to reach the canary
        }
    }

    void deployCanary(String factoryId, NewVersion version, Progress progress) {
        ClusterClient cluster = clusters.hosting(factoryId);
        String ns = cluster.namespace;
        Versions now = live(cluster, factoryId);
        if (now.canary() != null) {
            throw new IllegalStateException(
                    factoryId + " already runs canary " + now.canary().name());
        }
        String name = canaryName(factoryId, version.name());
        boolean created = false;
        try {
            V1Deployment stable = cluster.apps
                    .readNamespacedDeployment(FactoryResources.name(factoryId), ns)
                    .execute();
            V1Deployment canary = canaryOf(stable, factoryId, version);
            progress.step("Creating Deployment " + name + " in " + cluster.name);
            cluster.apps.createNamespacedDeployment(ns, canary).execute();
            created = true;
            serviceOverAllVersions(cluster, factoryId, progress);
            progress.step("Waiting for " + version.name() + " to become available");
            awaiter.available(cluster, name);
            progress.step("Routing: 100 % to " + versionOf(stable) + ", 0 % to " + version.name());
            route(cluster, factoryId, versionOf(stable), version.name(), 0);
        } catch (ApiException | RuntimeException e) {
            if (created) { // nothing half-deployed stays behind
                try {
                    KubernetesChanges.ignoreNotFound(() ->
                            cluster.apps.deleteNamespacedDeployment(name, ns).execute());
                } catch (ApiException ignored) {
                    // the original failure is what the user needs to see
                }
            }
            if (e instanceof ApiException api) {
                throw new IllegalStateException("Kubernetes refused: HTTP " + api.getCode() + " " + brief(api), api);
            }
            throw (RuntimeException) e;
        }
    }

    void weigh(String factoryId, int canaryWeight) {
        ClusterClient cluster = clusters.hosting(factoryId);
        Versions now = live(cluster, factoryId);
        if (now.canary() == null) {
            throw new IllegalStateException(factoryId + " has no canary");
        }
        route(cluster, factoryId, now.stable().name(), now.canary().name(), canaryWeight);
    }

    void promote(String factoryId, Progress progress) {
        ClusterClient cluster = clusters.hosting(factoryId);
        String ns = cluster.namespace;
        Versions now = live(cluster, factoryId);
        if (now.canary() == null) {
            throw new IllegalStateException(factoryId + " has no canary to promote");
        }
        String next = now.canary().name();
        String canaryName = canaryName(factoryId, next);
        try {
            progress.step("Routing every request to " + next);
            route(cluster, factoryId, now.stable().name(), next, 100);
            V1Deployment canary =
                    cluster.apps.readNamespacedDeployment(canaryName, ns).execute();
            V1Deployment stable = cluster.apps
                    .readNamespacedDeployment(FactoryResources.name(factoryId), ns)
                    .execute();
            // the stable Deployment takes the canary's pod template under its own (immutable) selector's labels
            V1Container from =
                    canary.getSpec().getTemplate().getSpec().getContainers().getFirst();
            V1Container to =
                    stable.getSpec().getTemplate().getSpec().getContainers().getFirst();
            to.setImage(from.getImage());
            to.setEnv(from.getEnv());
            stable.getSpec().getTemplate().getMetadata().getLabels().put(FactoryLabels.VERSION, next);
            progress.step("Rolling " + FactoryResources.name(factoryId) + " to " + next);
            cluster.apps
                    .replaceNamespacedDeployment(FactoryResources.name(factoryId), ns, stable)
                    .execute();
            rolledOut.available(cluster, FactoryResources.name(factoryId));
            progress.step("Routing: only " + next);
            route(cluster, factoryId, next, null, 0);
            progress.step("Removing Deployment " + canaryName);
            KubernetesChanges.ignoreNotFound(() ->
                    cluster.apps.deleteNamespacedDeployment(canaryName, ns).execute());
        } catch (ApiException e) {
            throw new IllegalStateException("Kubernetes refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    void removeCanary(String factoryId, Progress progress) {
        ClusterClient cluster = clusters.hosting(factoryId);
        Versions now = live(cluster, factoryId);
        if (now.canary() == null) {
            return;
        }
        progress.step("Routing every request to " + now.stable().name());
        route(cluster, factoryId, now.stable().name(), null, 0);
        String canaryName = canaryName(factoryId, now.canary().name());
        progress.step("Removing Deployment " + canaryName);
        try {
            KubernetesChanges.ignoreNotFound(() -> cluster.apps
                    .deleteNamespacedDeployment(canaryName, cluster.namespace)
                    .execute());
        } catch (ApiException e) {
            throw new IllegalStateException("Kubernetes refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    /**
     * Writes the split into the factory's VirtualService and DestinationRule, keeping the rest of its traffic
     * policy (timeouts, retries, circuit breaking, mTLS, access) as it is.
     *
     * @param canary null: the stable version only
     */
    private void route(ClusterClient cluster, String factoryId, String stable, String canary, int canaryWeight) {
        FactoryRef ref = ref(cluster, factoryId);
        TrafficObjects current = traffic.read(ref);
        List<WeightedSubset> routes = new ArrayList<>();
        List<Subset> subsets = new ArrayList<>();
        routes.add(new WeightedSubset(TrafficObjects.STABLE, 100 - canaryWeight));
        subsets.add(new Subset(TrafficObjects.STABLE, stable));
        if (canary != null) {
            routes.add(new WeightedSubset(TrafficObjects.CANARY, canaryWeight));
            subsets.add(new Subset(TrafficObjects.CANARY, canary));
        }
        Routing routing = current.routing() == null
                ? new Routing(DEFAULT_TIMEOUT, new Retries(0, null, null), routes)
                : new Routing(current.routing().timeout(), current.routing().retries(), routes);
        Destination d = current.destination();
        Destination destination = d == null
                ? new Destination(1024, 1024, 5, Duration.ofSeconds(30), true, subsets)
                : new Destination(
                        d.maxConnections(),
                        d.maxPendingRequests(),
                        d.consecutive5xxErrors(),
                        d.baseEjectionTime(),
                        d.mutualTls(),
                        subsets);
        traffic.apply(ref, current.withSplit(routing, destination));
        if (canary == null) {
            weights.remove(factoryId);
        } else {
            weights.put(factoryId, canaryWeight);
        }
    }

    /** Services created before versions existed selected role=factory; a canary's pods need the factory label. */
    private static void serviceOverAllVersions(ClusterClient cluster, String factoryId, Progress progress)
            throws ApiException {
        String name = FactoryResources.name(factoryId);
        V1Service service =
                cluster.core.readNamespacedService(name, cluster.namespace).execute();
        Map<String, String> wanted = FactoryLabels.serviceSelector(factoryId);
        if (!wanted.equals(service.getSpec().getSelector())) {
            progress.step("Service " + name + " now selects every version's pods");
            service.getSpec().setSelector(wanted);
            cluster.core
                    .replaceNamespacedService(name, cluster.namespace, service)
                    .execute();
        }
    }

    /** The stable Deployment's copy for the canary: its own name, role, selector, version, image tag and tuning. */
    static V1Deployment canaryOf(V1Deployment stable, String factoryId, NewVersion version) {
        JSON json = new JSON();
        V1Deployment copy = json.deserialize(json.serialize(stable), V1Deployment.class);
        Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
        labels.put(FactoryLabels.ROLE, FactoryLabels.CANARY_ROLE);
        labels.put(FactoryLabels.VERSION, version.name());
        copy.setMetadata(new V1ObjectMeta()
                .name(canaryName(factoryId, version.name()))
                .namespace(stable.getMetadata().getNamespace())
                .labels(labels)
                .annotations(stable.getMetadata().getAnnotations()));
        copy.setStatus(null);
        copy.getSpec().setReplicas(version.replicas());
        copy.getSpec()
                .setSelector(
                        new V1LabelSelector().matchLabels(FactoryLabels.canarySelector(factoryId, version.name())));
        Map<String, String> podLabels =
                new LinkedHashMap<>(copy.getSpec().getTemplate().getMetadata().getLabels());
        podLabels.put(FactoryLabels.ROLE, FactoryLabels.CANARY_ROLE);
        podLabels.put(FactoryLabels.VERSION, version.name());
        copy.getSpec().getTemplate().getMetadata().setLabels(podLabels);
        V1Container container =
                copy.getSpec().getTemplate().getSpec().getContainers().getFirst();
        if (version.imageTag() != null && !version.imageTag().isBlank()) {
            container.setImage(withTag(container.getImage(), version.imageTag()));
        }
        container.setEnv(versionEnv(container.getEnv(), version.name(), version.tuning()));
        return copy;
    }

    static String canaryName(String factoryId, String version) {
        return FactoryResources.name(factoryId) + "-" + version;
    }

    /** registry:port/repo:tag@digest → registry:port/repo:newTag (a ':' before the last '/' is a port). */
    static String withTag(String image, String tag) {
        String base = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = base.lastIndexOf('/');
        int colon = base.lastIndexOf(':');
        if (colon > slash) {
            base = base.substring(0, colon);
        }
        return base + ":" + tag;
    }

    /** The container's settings with the version and its tuning (FACTORY_* as the factory reads them). */
    static List<V1EnvVar> versionEnv(List<V1EnvVar> env, String version, Tuning tuning) {
        Map<String, String> values = new LinkedHashMap<>();
        if (env != null) {
            env.forEach(e -> values.put(e.getName(), e.getValue()));
        }
        values.put("FACTORY_VERSION", version);
        values.put("FACTORY_CYCLE_TIME_FACTOR", String.valueOf(tuning.cycleTimeFactor()));
        values.put("FACTORY_STOPPAGE_RATE", String.valueOf(tuning.stoppageRate()));
        if (tuning.rejectRate() == null) {
            values.remove("FACTORY_REJECT_RATE");
        } else {
            values.put("FACTORY_REJECT_RATE", String.valueOf(tuning.rejectRate()));
        }
        List<V1EnvVar> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(new V1EnvVar().name(k).value(v)));
        return out;
    }

    private static String versionOf(V1Deployment d) {
        String v = d.getSpec().getTemplate().getMetadata().getLabels().get(FactoryLabels.VERSION);
        return v == null ? FactoryLabels.FIRST_VERSION : v;
    }

    private static Versions.Release release(V1Deployment d) {
        V1Container c = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Map<String, String> env = new LinkedHashMap<>();
        if (c.getEnv() != null) {
            c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        }
        Tuning tuning;
        try {
            tuning = new Tuning(
                    Double.parseDouble(env.getOrDefault("FACTORY_CYCLE_TIME_FACTOR", "1")),
                    env.containsKey("FACTORY_REJECT_RATE") ? Double.valueOf(env.get("FACTORY_REJECT_RATE")) : null,
                    Double.parseDouble(env.getOrDefault("FACTORY_STOPPAGE_RATE", "0.15")));
        } catch (IllegalArgumentException e) {
            tuning = Tuning.STANDARD; // set by hand to something the factory itself would refuse
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int ready = d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0
                : d.getStatus().getReadyReplicas();
        return new Versions.Release(versionOf(d), c.getImage(), tuning, replicas, ready);
    }

    private FactoryRef ref(ClusterClient cluster, String factoryId) {
        return reads.factories().stream()
                .filter(f -> f.id().equals(factoryId))
                .findFirst()
                .orElseGet(() -> reads.ref(cluster, factoryId, factoryId, null));
    }
}
