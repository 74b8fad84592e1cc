package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.openapi.JSON;
import io.meshportal.fleet.FactoryWorkload;
import io.meshportal.fleet.Manifest;
import io.meshportal.fleet.ManifestWriter;
import io.meshportal.fleet.TrafficObjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Factory objects as YAML: built by the same code that creates them in a cluster (for the embedded fleet), or read
 * from a cluster and cleaned of what the API server adds to an object, as {@code kubectl-neat} does, so the text can
 * be applied to another cluster or committed to a GitOps repository.
 */
@Component
@EnableConfigurationProperties(KubernetesProperties.class)
class KubernetesManifests implements ManifestWriter {

    /** Metadata the API server sets (kubernetes.io/docs/reference/using-api/api-concepts/, ObjectMeta). */
    static final List<String> SERVER_METADATA = List.of(
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "managedFields",
            "selfLink",
            "ownerReferences");
    /** Annotations controllers and kubectl write; they describe this cluster's history, not the object. */
    static final List<String> SERVER_ANNOTATIONS =
            List.of("deployment.kubernetes.io/revision", "kubectl.kubernetes.io/last-applied-configuration");
    /** Service fields the cluster allocates; applying them elsewhere fails (clusterIP is immutable and local). */
    static final List<String> SERVICE_ALLOCATED = List.of("clusterIP", "clusterIPs");

    private static final JSON KUBE_JSON = new JSON();
    private static final JsonMapper JSON_MAPPER = JsonMapper.builder().build();

    private final KubernetesProperties properties;

    KubernetesManifests(KubernetesProperties properties) {
        this.properties = properties;
    }

    @Override
    public List<Manifest> workload(FactoryWorkload w) {
        List<Manifest> out = new ArrayList<>();
        String namespace = properties.namespace();
        String name = FactoryResources.name(w.id());
        out.add(of("Deployment", name, FactoryResources.deployment(w, namespace, properties.factoryImage())));
        out.add(of("Service", name, FactoryResources.service(w.id(), w.country(), namespace)));
        if (w.autoscaling() != null) {
            out.add(of(
                    "HorizontalPodAutoscaler",
                    name,
                    FactoryResources.autoscaler(w.id(), w.country(), namespace, w.autoscaling())));
        }
        return out;
    }

    @Override
    public List<Manifest> traffic(String factoryId, TrafficObjects objects) {
        String host =
                FactoryResources.name(factoryId) + "." + properties.namespace() + ".svc." + properties.clusterDomain();
        List<Manifest> out = new ArrayList<>();
        IstioWire.toResources(factoryId, properties.namespace(), host, objects)
                .forEach((kind, resource) ->
                        out.add(new Manifest(kind.label(), FactoryResources.name(factoryId), yaml(resource))));
        return out;
    }

    /** A client-java model object (apiVersion and kind set) as YAML in the API's field order. */
    static Manifest of(String kind, String name, Object model) {
        return new Manifest(kind, name, yaml(tree(model)));
    }

    /** A live object as a tree, cleaned: status, server-set metadata and allocated Service fields removed. */
    static Manifest live(String kind, String name, Object model) {
        return new Manifest(kind, name, yaml(clean(tree(model))));
    }

    /** A live custom resource (an Istio object read as a map), cleaned as {@link #live} does. */
    @SuppressWarnings("unchecked")
    static Manifest liveResource(String kind, String name, Map<String, Object> resource) {
        // a copy (the caller's map may be shared), with whole numbers as integers: client-java reads custom objects
        // with Gson, which makes every JSON number a double, and "attempts: 3.0" is not an Istio int32
        return new Manifest(kind, name, yaml(clean((Map<String, Object>) wholeNumbers(tree(resource)))));
    }

    @SuppressWarnings("unchecked")
    static Object wholeNumbers(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).replaceAll((k, v) -> wholeNumbers(v));
        } else if (value instanceof List<?> list) {
            ((List<Object>) list).replaceAll(KubernetesManifests::wholeNumbers);
        }
        return value;
    }

    static Map<String, Object> tree(Object model) {
        Map<String, Object> tree = JSON_MAPPER.readValue(
                model instanceof Map<?, ?> ? JSON_MAPPER.writeValueAsString(model) : KUBE_JSON.serialize(model),
                new TypeReference<LinkedHashMap<String, Object>>() {});
        withoutEmptyLists(tree);
        return tree;
    }

    /**
     * client-java's models start every list empty, so "finalizers: []" and the like would fill the text; an empty
     * list means what a missing one means to the API server. (Empty maps stay: "emptyDir: {}" is a volume.)
     */
    @SuppressWarnings("unchecked")
    static void withoutEmptyLists(Object node) {
        if (node instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).values().removeIf(v -> v instanceof List<?> l && l.isEmpty());
            map.values().forEach(KubernetesManifests::withoutEmptyLists);
        } else if (node instanceof List<?> list) {
            list.forEach(KubernetesManifests::withoutEmptyLists);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> clean(Map<String, Object> object) {
        object.remove("status");
        if (object.get("metadata") instanceof Map<?, ?> metadata) {
            SERVER_METADATA.forEach(metadata::remove);
            if (metadata.get("annotations") instanceof Map<?, ?> annotations) {
                SERVER_ANNOTATIONS.forEach(annotations::remove);
                if (annotations.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
        if ("Service".equals(object.get("kind")) && object.get("spec") instanceof Map<?, ?> spec) {
            SERVICE_ALLOCATED.forEach(spec::remove);
        }
        return object;
    }

    static String yaml(Map<String, Object> tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        return new Yaml(options).dump(tree);
    }
}
