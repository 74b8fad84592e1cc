package io.meshportal.fleet.kubernetes;

import java.util.Map;

/** The labels that mark a factory's resources (docs/ARCHITECTURE.md, "Kubernetes"): how factories are discovered, whoever deployed them. */
final class FactoryLabels {

    static final String PART_OF = "app.kubernetes.io/part-of";
    static final String NAME = "app.kubernetes.io/name";
    static final String INSTANCE = "app.kubernetes.io/instance";
    static final String COMPONENT = "app.kubernetes.io/component";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String ROLE = "meshportal.io/role";
    static final String FACTORY = "meshportal.io/factory";
    static final String COUNTRY = "meshportal.io/country";
    static final String DISPLAY_NAME = "meshportal.io/display-name"; // an annotation: names may hold any text
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

    /**
     * What the informers list: everything the portal manages, factories' stable and canary objects alike (a
     * set-based selector for the two roles is avoided; factories are told apart by their {@link #FACTORY} label).
     */
    static final String SELECTOR = PART_OF + "=meshportal";

    /** The role of a canary's Deployment and pods: not "factory", so the stable Deployment's selector skips them. */
    static final String CANARY_ROLE = "factory-canary";

    private FactoryLabels() {}

    /** Istio's recommended labels on pods: the app (the factory's service) and its version (subsets select it). */
    static final String APP = "app";

    static final String VERSION = "version";
    /** The version a factory is created with; later versions run as Deployments of their own. */
    static final String FIRST_VERSION = "v1";

    private static final java.util.regex.Pattern COUNTRY_CODE = java.util.regex.Pattern.compile("[A-Z]{2}");

    /**
     * The labels of a factory's objects. The country label is left out when the country is not a two-letter code
     * (a Deployment deployed by hand without one): a made-up value would be refused by the API server or shown.
     */
    static Map<String, String> of(String factoryId, String country) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put(PART_OF, "meshportal");
        labels.put(ROLE, "factory");
        labels.put(NAME, "factory");
        labels.put(COMPONENT, "factory");
        labels.put(INSTANCE, factoryId);
        labels.put(FACTORY, factoryId);
        if (country != null && COUNTRY_CODE.matcher(country).matches()) {
            labels.put(COUNTRY, country);
        }
        labels.put(MANAGED_BY, "meshportal");
        return labels;
    }

    /** The labels of a factory's pods of one version: the object labels plus Istio's app and version. */
    static Map<String, String> pod(String factoryId, String country, String version) {
        Map<String, String> labels = new java.util.LinkedHashMap<>(of(factoryId, country));
        labels.put(APP, FactoryResources.name(factoryId));
        labels.put(VERSION, version);
        return labels;
    }

    static Map<String, String> selector(String factoryId) {
        return Map.of(ROLE, "factory", FACTORY, factoryId);
    }

    /**
     * A canary Deployment's selector and pod labels. Kubernetes warns against Deployments whose selectors
     * overlap (kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector): the stable selector
     * (role=factory) never matches these pods, and this one (role=factory-canary, version) never matches stable's.
     */
    static Map<String, String> canarySelector(String factoryId, String version) {
        return Map.of(ROLE, CANARY_ROLE, FACTORY, factoryId, VERSION, version);
    }

    /** The Service reaches every version's pods: both roles carry the factory label. */
    static Map<String, String> serviceSelector(String factoryId) {
        return Map.of(FACTORY, factoryId);
    }
}
