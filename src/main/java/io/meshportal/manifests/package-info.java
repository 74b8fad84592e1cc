/**
 * The manifests behind each factory — its Deployment, Service, autoscaler and mesh resources — as YAML to read,
 * copy and download, and the fleet as one kustomization: live from the clusters, or on the embedded fleet what the
 * portal would create there.
 *
 * <p>A Spring Modulith application module; the dependencies it may have are declared here and verified by
 * {@code ModularityTest}.
 */
@ApplicationModule(allowedDependencies = {"base", "base::ui", "security", "fleet", "mesh"})
package io.meshportal.manifests;

import org.springframework.modulith.ApplicationModule;
