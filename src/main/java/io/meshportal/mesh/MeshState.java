package io.meshportal.mesh;

import java.util.List;

/**
 * A factory's traffic policy as it is in the cluster.
 *
 * @param policy  the policy read from the cluster, or null when the factory has no mesh resources yet
 * @param drift   fields where the cluster differs from what the portal last applied (edited by hand?)
 */
public record MeshState(
        String factoryId,
        String cluster,
        boolean supported,
        MeshPolicy policy,
        List<String> kinds,
        List<String> drift) {}
