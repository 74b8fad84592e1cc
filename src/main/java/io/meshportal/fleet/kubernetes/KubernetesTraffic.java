package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.KubeObjects.brief;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.MeshConfigStatus;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficObjects.Kind;
import io.meshportal.fleet.TrafficPort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The traffic port on Istio. A factory's objects are its four Istio v1 custom resources in the mesh's config
 * cluster ({@link ConfigCluster}), in the factory's namespace (the same in every cluster), read and written with
 * client-java's custom-objects API. The versions traffic can go to are the version labels of the factory's pod
 * templates in its own cluster.
 */
final class KubernetesTraffic implements TrafficPort {

    private final Clusters clusters;
    private final ConfigCluster config;
    private final KubernetesReads reads;

    KubernetesTraffic(Clusters clusters, ConfigCluster config, KubernetesReads reads) {
        this.clusters = clusters;
        this.config = config;
        this.reads = reads;
    }

    @Override
    public boolean supported() {
        return true;
    }

    @Override
    public Map<String, Boolean> meshClusters() {
        Map<String, Boolean> result = new LinkedHashMap<>();
        clusters.all().forEach(c -> result.put(c.name, c.meshEnabled()));
        return result;
    }

    @Override
    public Optional<MeshConfigStatus> configCluster() {
        return Optional.of(config.status());
    }

    @Override
    public Set<String> versions(FactoryRef factory) {
        Set<String> versions = new TreeSet<>();
        for (V1Deployment d : clusters.of(factory).factoryDeployments()) {
            if (factory.id().equals(KubeObjects.label(d, FactoryLabels.FACTORY))
                    && d.getSpec() != null
                    && d.getSpec().getTemplate().getMetadata() != null
                    && d.getSpec().getTemplate().getMetadata().getLabels() != null) {
                String version =
                        d.getSpec().getTemplate().getMetadata().getLabels().get(FactoryLabels.VERSION);
                if (version != null) {
                    versions.add(version);
                }
            }
        }
        return versions;
    }

    @Override
    public TrafficObjects read(FactoryRef factory) {
        requireReady();
        return IstioWire.fromResources(resources(factory));
    }

    @SuppressWarnings("unchecked")
    private Map<Kind, Map<String, Object>> resources(FactoryRef factory) {
        Map<Kind, Map<String, Object>> found = new LinkedHashMap<>();
        CustomObjectsApi api = new CustomObjectsApi(config.requests);
        for (Kind kind : Kind.values()) {
            String[] group = IstioWire.API.get(kind);
            try {
                Object o = api.getNamespacedCustomObject(
                                group[0],
                                IstioWire.VERSION,
                                factory.namespace(),
                                group[1],
                                FactoryResources.name(factory.id()))
                        .execute();
                found.put(kind, (Map<String, Object>) o);
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw new IllegalStateException(
                            "Reading " + kind.label() + " in " + config.name + " failed: HTTP " + e.getCode(), e);
                }
            }
        }
        return found;
    }

    @Override
    public List<io.meshportal.fleet.Manifest> manifests(FactoryRef factory) {
        requireReady();
        List<io.meshportal.fleet.Manifest> out = new java.util.ArrayList<>();
        resources(factory)
                .forEach((kind, resource) -> out.add(
                        KubernetesManifests.liveResource(kind.label(), FactoryResources.name(factory.id()), resource)));
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void apply(FactoryRef factory, TrafficObjects objects) {
        requireReady();
        String namespace = factory.namespace();
        Map<Kind, Map<String, Object>> desired = IstioWire.toResources(
                factory.id(), namespace, reads.serviceHost(clusters.of(factory), factory.id()), objects);
        CustomObjectsApi api = new CustomObjectsApi(config.requests);
        String name = FactoryResources.name(factory.id());
        try {
            for (Kind kind : Kind.values()) {
                String group = IstioWire.API.get(kind)[0];
                String plural = IstioWire.API.get(kind)[1];
                Map<String, Object> body = desired.get(kind);
                Map<String, Object> existing = null;
                try {
                    existing = (Map<String, Object>)
                            api.getNamespacedCustomObject(group, IstioWire.VERSION, namespace, plural, name)
                                    .execute();
                } catch (ApiException e) {
                    if (e.getCode() != 404) {
                        throw e;
                    }
                }
                if (body == null) {
                    if (existing != null) {
                        api.deleteNamespacedCustomObject(group, IstioWire.VERSION, namespace, plural, name)
                                .execute();
                    }
                } else if (existing == null) {
                    api.createNamespacedCustomObject(group, IstioWire.VERSION, namespace, plural, body)
                            .execute();
                } else {
                    // replace needs the current resourceVersion (optimistic concurrency)
                    IstioWire.metadata(body)
                            .put("resourceVersion", IstioWire.metadata(existing).get("resourceVersion"));
                    api.replaceNamespacedCustomObject(group, IstioWire.VERSION, namespace, plural, name, body)
                            .execute();
                }
            }
        } catch (ApiException e) {
            throw new IllegalStateException(
                    "Applying mesh policy in " + config.name + " refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }

    private void requireReady() {
        if (!config.ready()) {
            MeshConfigStatus status = config.status();
            throw new IllegalStateException(
                    "The mesh's config cluster " + status.cluster() + " cannot be used: " + status.message());
        }
    }
}
