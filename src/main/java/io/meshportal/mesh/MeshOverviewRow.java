package io.meshportal.mesh;

import io.meshportal.fleet.MtlsMode;

/** One factory in the mesh overview. mtls is null when the factory has no PeerAuthentication. */
public record MeshOverviewRow(
        String factoryId,
        String name,
        String cluster,
        boolean clusterInMesh,
        MtlsMode mtls,
        boolean hasPolicy,
        String error) {}
