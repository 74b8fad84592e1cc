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

    /** Selects every factory resource. */
    static final String SELECTOR = PART_OF + "=meshportal," + ROLE + "=factory";

    private FactoryLabels() {}

    static Map<String, String> of(String factoryId, String country) {
        return Map.of(
                PART_OF,
                "meshportal",
                ROLE,
                "factory",
                NAME,
                "factory",
                COMPONENT,
                "factory",
                INSTANCE,
                factoryId,
                FACTORY,
                factoryId,
                COUNTRY,
                country,
                MANAGED_BY,
                "meshportal");
    }

    static Map<String, String> selector(String factoryId) {
        return Map.of(ROLE, "factory", FACTORY, factoryId);
    }
}
