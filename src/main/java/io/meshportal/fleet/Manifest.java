package io.meshportal.fleet;

import java.util.Locale;

/**
 * One object behind a factory as YAML that {@code kubectl apply -f} accepts.
 *
 * @param kind the object's kind, e.g. Deployment or VirtualService
 * @param name the object's name
 */
public record Manifest(String kind, String name, String yaml) {

    /** The file it is exported as, e.g. {@code deployment.yaml}; one object of each kind per factory. */
    public String fileName() {
        return kind.toLowerCase(Locale.ROOT) + ".yaml";
    }
}
