package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.KubeObjects.brief;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Scale;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import io.kubernetes.client.util.PatchUtils;
import io.meshportal.fleet.Autoscaling;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.NewFactory;
import io.meshportal.fleet.Progress;
import java.time.Clock;
import java.time.Instant;

/** What the fleet port changes: requests with timeouts against the factory's cluster. */
final class KubernetesChanges {

    private final Clusters clusters;
    private final KubernetesReads reads;
    private final KubernetesProperties properties;
    private final Clock clock;

    KubernetesChanges(Clusters clusters, KubernetesReads reads, KubernetesProperties properties, Clock clock) {
        this.clusters = clusters;
        this.reads = reads;
        this.properties = properties;
        this.clock = clock;
    }

    FactoryRef create(NewFactory request, Progress progress) {
        ClusterClient cluster = clusters.named(request.cluster());
        String ns = cluster.namespace;
        String name = FactoryResources.name(request.id());
        boolean deploymentCreated = false;
        try {
            progress.step("Creating Deployment " + name + " in " + cluster.name);
            cluster.apps
                    .createNamespacedDeployment(ns, FactoryResources.deployment(request, ns, properties.factoryImage()))
                    .execute();
            deploymentCreated = true;
            progress.step("Creating Service " + name);
            cluster.core
                    .createNamespacedService(ns, FactoryResources.service(request, ns))
                    .execute();
            progress.step("Waiting for the rollout to become available");
            awaitAvailable(cluster, name);
            progress.step("Available");
            return reads.ref(cluster, request.id(), request.name(), request.country());
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

    /** Waits until the Deployment has an available replica (a new factory or version answers). */
    void awaitAvailable(ClusterClient cluster, String name) throws ApiException {
        await(cluster, name, "not available", d -> {
            Integer available = d.getStatus() == null ? null : d.getStatus().getAvailableReplicas();
            return available != null && available > 0;
        });
    }

    /**
     * Waits until a changed Deployment has rolled out, as {@code kubectl rollout status} decides it: the controller
     * has seen the change (observedGeneration) and every desired replica is updated and available.
     */
    void awaitRolledOut(ClusterClient cluster, String name) throws ApiException {
        await(cluster, name, "not complete", KubernetesChanges::rolledOut);
    }

    private void await(
            ClusterClient cluster, String name, String failure, java.util.function.Predicate<V1Deployment> done)
            throws ApiException {
        Instant deadline = clock.instant().plus(properties.rolloutTimeout());
        while (clock.instant().isBefore(deadline)) {
            if (done.test(cluster.apps
                    .readNamespacedDeployment(name, cluster.namespace)
                    .execute())) {
                return;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name);
            }
        }
        throw new IllegalStateException("Rollout of " + name + " " + failure + " after "
                + properties.rolloutTimeout().toSeconds() + " s");
    }

    static boolean rolledOut(V1Deployment d) {
        if (d.getStatus() == null) {
            return false;
        }
        Long generation = d.getMetadata().getGeneration();
        Long observed = d.getStatus().getObservedGeneration();
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        int updated =
                d.getStatus().getUpdatedReplicas() == null ? 0 : d.getStatus().getUpdatedReplicas();
        int available =
                d.getStatus().getAvailableReplicas() == null ? 0 : d.getStatus().getAvailableReplicas();
        return (generation == null || (observed != null && observed >= generation))
                && updated >= desired
                && available >= desired;
    }

    void delete(String factoryId, Progress progress) {
        ClusterClient cluster = clusters.hosting(factoryId);
        progress.step("Deleting the Deployment, Service and autoscaler of " + factoryId + " in " + cluster.name);
        try {
            deleteResources(cluster, factoryId);
        } catch (ApiException e) {
            throw new IllegalStateException("Kubernetes refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    void scale(String factoryId, int replicas, Progress progress) {
        ClusterClient cluster = clusters.hosting(factoryId);
        progress.step("Scaling " + factoryId + " to " + replicas);
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]";
        String name = FactoryResources.name(factoryId);
        try {
            PatchUtils.patch(
                    V1Scale.class,
                    () -> cluster.apps
                            .patchNamespacedDeploymentScale(name, cluster.namespace, new V1Patch(patch))
                            .buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_PATCH,
                    cluster.requests);
        } catch (ApiException e) {
            throw new IllegalStateException("Scaling refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    void autoscale(String factoryId, Autoscaling bounds) {
        ClusterClient cluster = clusters.hosting(factoryId);
        String name = FactoryResources.name(factoryId);
        try {
            if (bounds == null) {
                ignoreNotFound(() -> cluster.autoscaling
                        .deleteNamespacedHorizontalPodAutoscaler(name, cluster.namespace)
                        .execute());
                return;
            }
            V2HorizontalPodAutoscaler hpa = FactoryResources.autoscaler(
                    factoryId, reads.countryOf(cluster, factoryId), cluster.namespace, bounds);
            try {
                cluster.autoscaling
                        .createNamespacedHorizontalPodAutoscaler(cluster.namespace, hpa)
                        .execute();
            } catch (ApiException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                V2HorizontalPodAutoscaler existing = cluster.autoscaling
                        .readNamespacedHorizontalPodAutoscaler(name, cluster.namespace)
                        .execute();
                hpa.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                cluster.autoscaling
                        .replaceNamespacedHorizontalPodAutoscaler(name, cluster.namespace, hpa)
                        .execute();
            }
        } catch (ApiException e) {
            throw new IllegalStateException("Autoscaling refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    /** Rollout restart, as kubectl does it: a changed annotation on the pod template. */
    void restart(String factoryId, Progress progress) {
        ClusterClient cluster = clusters.hosting(factoryId);
        String name = FactoryResources.name(factoryId);
        progress.step("Restarting " + factoryId);
        try {
            V1Deployment current = cluster.apps
                    .readNamespacedDeployment(name, cluster.namespace)
                    .execute();
            boolean hasAnnotations = current.getSpec() != null
                    && current.getSpec().getTemplate().getMetadata() != null
                    && current.getSpec().getTemplate().getMetadata().getAnnotations() != null;
            String now = clock.instant().toString();
            String patch = hasAnnotations
                    ? "[{\"op\":\"add\",\"path\":\"/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt\",\"value\":\""
                            + now + "\"}]"
                    : "[{\"op\":\"add\",\"path\":\"/spec/template/metadata/annotations\",\"value\":{\""
                            + FactoryLabels.RESTARTED_AT + "\":\"" + now + "\"}}]";
            PatchUtils.patch(
                    V1Deployment.class,
                    () -> cluster.apps
                            .patchNamespacedDeployment(name, cluster.namespace, new V1Patch(patch))
                            .buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_PATCH,
                    cluster.requests);
        } catch (ApiException e) {
            throw new IllegalStateException("Restart refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    /** The factory's autoscaler, Service and every Deployment of it (one per version), found by its label. */
    private static void deleteResources(ClusterClient cluster, String factoryId) throws ApiException {
        String name = FactoryResources.name(factoryId);
        ignoreNotFound(() -> cluster.autoscaling
                .deleteNamespacedHorizontalPodAutoscaler(name, cluster.namespace)
                .execute());
        ignoreNotFound(() ->
                cluster.core.deleteNamespacedService(name, cluster.namespace).execute());
        java.util.Set<String> deployments = new java.util.TreeSet<>();
        deployments.add(name);
        for (V1Deployment d : cluster.factoryDeployments()) {
            if (factoryId.equals(KubeObjects.label(d, FactoryLabels.FACTORY))) {
                deployments.add(d.getMetadata().getName());
            }
        }
        for (String deployment : deployments) {
            ignoreNotFound(() -> cluster.apps
                    .deleteNamespacedDeployment(deployment, cluster.namespace)
                    .execute());
        }
    }

    private static void deleteQuietly(ClusterClient cluster, String factoryId) {
        try {
            deleteResources(cluster, factoryId);
        } catch (ApiException ignored) {
            // best effort: the original failure is what the user needs to see
        }
    }

    interface ApiCall {
        void run() throws ApiException;
    }

    static void ignoreNotFound(ApiCall call) throws ApiException {
        try {
            call.run();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
