package io.meshportal.fleet;

import java.net.URI;

/**
 * A factory as the fleet knows it: where it runs and where its telemetry is served.
 *
 * @param cluster      the cluster (country) the factory runs in; "local" on the embedded default
 * @param namespace    its Kubernetes namespace; null on the embedded default, which has none
 * @param telemetryUrl base URL of the factory API (loopback locally, service DNS name through the mesh)
 */
public record FactoryRef(String id, String name, String country, String cluster, String namespace, URI telemetryUrl) {}
