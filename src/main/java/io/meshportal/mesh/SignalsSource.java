package io.meshportal.mesh;

import java.util.List;

/**
 * The port to where mesh signals come from: Prometheus over Istio's standard metrics in Kubernetes, the embedded
 * Service proxies' own meters on the embedded default. A read may be slow or fail; the service guards it.
 */
public interface SignalsSource {

    /** Where the signals come from, for the page ("Prometheus at …", "embedded Service proxies"). */
    String description();

    /** The signals over the source's window, now. Throws when the source cannot answer. */
    Readings read() throws Exception;

    /** What one read gives. */
    record Readings(List<FactorySignals> factories, List<TrafficEdge> edges) {

        public Readings {
            factories = List.copyOf(factories);
            edges = List.copyOf(edges);
        }
    }
}
