package io.meshportal.fleet;

import java.util.List;

/**
 * Writes the manifests the portal would create for a factory in a cluster, for a factory that is not in one (the
 * embedded fleet): the same builders the Kubernetes adapter creates factories with, so what is exported is what
 * the portal would apply.
 */
public interface ManifestWriter {

    /** The Deployment, the Service, and the HorizontalPodAutoscaler when autoscaling is set. */
    List<Manifest> workload(FactoryWorkload workload);

    /** The mesh's resources of the objects present (Istio VirtualService, DestinationRule, ...). */
    List<Manifest> traffic(String factoryId, TrafficObjects objects);
}
