package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.KubeObjects.brief;
import static io.meshportal.fleet.kubernetes.VersionDeployments.canaryName;
import static io.meshportal.fleet.kubernetes.VersionDeployments.canaryOf;
import static io.meshportal.fleet.kubernetes.VersionDeployments.release;
import static io.meshportal.fleet.kubernetes.VersionDeployments.versionOf;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A factory's versions on Kubernetes, as Istio's canary pattern has them (istio.io/latest/docs/tasks/traffic-
 * management/traffic-shifting/): the stable Deployment {@code factory-<id>}, a canary Deployment
 * {@code factory-<id>-<version>} with its own {@code version} pod label, one Service over both, and in the
 * config cluster a DestinationRule subset per version with VirtualService weights and a header-matched route per
 * version. Promotion works like Flagger's: the stable Deployment is rolled to the canary's template, so the
 * factory's own Deployment (its scale, autoscaler and name) stays, and the canary Deployment is removed. This class
 * runs that lifecycle against the API server; the split in the mesh is {@link CanaryRouting}'s, the Deployments'
 * shapes are {@link VersionDeployments}'.
 */
final class KubernetesVersions {

    private final Clusters clusters;
    private final CanaryRouting routing;
    private final Awaiter awaiter;
    private final Awaiter rolledOut;

    interface Awaiter {
        void available(ClusterClient cluster, String deployment) throws ApiException;
    }

    KubernetesVersions(Clusters clusters, CanaryRouting routing, Awaiter awaiter, Awaiter rolledOut) {
        this.rolledOut = rolledOut;
        this.clusters = clusters;
        this.routing = routing;
        this.awaiter = awaiter;
    }

    /** From the informer's cache: what the pages show. */
    Versions versions(String factoryId) {
        ClusterClient cluster = clusters.hosting(factoryId);
        return versionsOf(cluster, factoryId, cluster.factoryDeployments());
    }

    /**
     * Every factory that runs a canary, with its split, from the informers' caches and the weights already known
     * (a weight not yet known is read in the background and taken as 0 until then).
     */
    java.util.Map<String, Versions> splits() {
        java.util.Map<String, Versions> splits = new java.util.HashMap<>();
        for (ClusterClient cluster : clusters.all()) {
            List<V1Deployment> deployments = cluster.factoryDeployments();
            for (V1Deployment d : deployments) {
                String id = KubeObjects.label(d, FactoryLabels.FACTORY);
                if (id == null
                        || splits.containsKey(id)
                        || !FactoryLabels.CANARY_ROLE.equals(KubeObjects.label(d, FactoryLabels.ROLE))) {
                    continue;
                }
                Integer known = routing.knownCanaryWeight(cluster, id);
                // a weight not read yet counts as 0 until it is: both versions are still polled apart (never mixed),
                // the stable one running the plant
                int weight = known == null ? 0 : known;
                try {
                    Versions v = versionsOf(cluster, id, deployments);
                    splits.put(id, new Versions(v.stable(), v.canary(), v.canary() == null ? 0 : weight));
                } catch (NoSuchElementException noStable) {
                    // a canary without its stable Deployment: not a factory the fleet lists
                }
            }
        }
        return splits;
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
        int weight = canary == null ? 0 : routing.canaryWeight(cluster, factoryId);
        return new Versions(release(stable), canary == null ? null : release(canary), weight);
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
            routing.route(cluster, factoryId, versionOf(stable), version.name(), 0);
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
        routing.route(cluster, factoryId, now.stable().name(), now.canary().name(), canaryWeight);
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
            routing.route(cluster, factoryId, now.stable().name(), next, 100);
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
            routing.route(cluster, factoryId, next, null, 0);
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
        routing.route(cluster, factoryId, now.stable().name(), null, 0);
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
}
