package io.meshportal.fleet.kubernetes;

import static io.meshportal.fleet.kubernetes.KubeObjects.brief;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.TrafficObjects;
import io.meshportal.fleet.TrafficObjects.Kind;
import io.meshportal.fleet.TrafficPort;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The traffic port on Istio: a factory's objects are its four Istio v1 custom resources, read and written with
 * client-java's custom-objects API in the factory's cluster and namespace (both from its {@link FactoryRef}).
 */
final class KubernetesTraffic implements TrafficPort {

    private final Clusters clusters;
    private final KubernetesReads reads;

    KubernetesTraffic(Clusters clusters, KubernetesReads reads) {
        this.clusters = clusters;
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
    public TrafficObjects read(FactoryRef factory) {
        return IstioWire.fromResources(resources(clusters.of(factory), factory));
    }

    @SuppressWarnings("unchecked")
    private static Map<Kind, Map<String, Object>> resources(ClusterClient cluster, FactoryRef factory) {
        Map<Kind, Map<String, Object>> found = new LinkedHashMap<>();
        CustomObjectsApi api = new CustomObjectsApi(cluster.requests);
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
                    throw new IllegalStateException("Reading " + kind.label() + " failed: HTTP " + e.getCode(), e);
                }
            }
        }
        return found;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void apply(FactoryRef factory, TrafficObjects objects) {
        ClusterClient cluster = clusters.of(factory);
        String namespace = factory.namespace();
        Map<Kind, Map<String, Object>> desired =
                IstioWire.toResources(factory.id(), namespace, reads.serviceHost(cluster, factory.id()), objects);
        CustomObjectsApi api = new CustomObjectsApi(cluster.requests);
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
            throw new IllegalStateException("Applying mesh policy refused: HTTP " + e.getCode() + " " + brief(e), e);
        }
    }
}
