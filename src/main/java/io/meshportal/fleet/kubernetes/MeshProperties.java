package io.meshportal.fleet.kubernetes;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param configContext the kubeconfig context of the mesh's config cluster (where istiod reads configuration);
 *     empty: the portal's own cluster (in a pod: its service account; elsewhere: the kubeconfig's current context)
 */
@ConfigurationProperties("meshportal.mesh")
public record MeshProperties(String configContext) {}
