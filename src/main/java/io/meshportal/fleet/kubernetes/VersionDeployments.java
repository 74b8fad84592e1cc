package io.meshportal.fleet.kubernetes;

import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.meshportal.factory.Tuning;
import io.meshportal.fleet.NewVersion;
import io.meshportal.fleet.Versions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A version as a Deployment, both ways: the canary's Deployment made from the stable one (its name, labels,
 * selector, image tag and FACTORY_* settings), and a Deployment read back as a {@link Versions.Release}. Pure
 * functions over client-java's models, so the version lifecycle's requests stay apart from the object shapes.
 */
final class VersionDeployments {

    private VersionDeployments() {}

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

    /** The version a Deployment's pods are labelled with; the first version when unlabelled (made before versions). */
    static String versionOf(V1Deployment d) {
        String v = d.getSpec().getTemplate().getMetadata().getLabels().get(FactoryLabels.VERSION);
        return v == null ? FactoryLabels.FIRST_VERSION : v;
    }

    static Versions.Release release(V1Deployment d) {
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
}
