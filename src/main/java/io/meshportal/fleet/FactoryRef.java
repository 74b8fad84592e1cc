package io.meshportal.fleet;

import java.net.URI;

/**
 * A factory as the fleet knows it: where it runs and where its telemetry is served.
 *
 * @param cluster      the cluster (country) the factory runs in; "local" on the embedded default
 * @param namespace    its Kubernetes namespace; null on the embedded default, which has none
 * @param telemetryUrl base URL of the factory API (loopback locally, service DNS name through the mesh)
 * @param life         which lifetime of this id it is: its creation in the portal (embedded) or its Deployment's
 *                     uid (Kubernetes); a factory deleted and created again under the same id has a new one, so its
 *                     history starts empty. Null where the adapter cannot tell.
 */
public record FactoryRef(
        String id, String name, String country, String cluster, String namespace, URI telemetryUrl, String life) {

    public FactoryRef(String id, String name, String country, String cluster, String namespace, URI telemetryUrl) {
        this(id, name, country, cluster, namespace, telemetryUrl, null);
    }

    public FactoryRef withLife(String newLife) {
        return new FactoryRef(id, name, country, cluster, namespace, telemetryUrl, newLife);
    }
}
