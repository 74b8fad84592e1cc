package io.meshportal.manifests;

import io.meshportal.fleet.Manifest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The objects behind one factory.
 *
 * @param source      where they come from
 * @param meshProblem why the mesh's resources are missing (the mesh could not be read), or null
 */
public record FactoryManifests(String factoryId, Source source, List<Manifest> manifests, String meshProblem) {

    public FactoryManifests {
        manifests = List.copyOf(manifests);
    }

    public enum Source {
        /** Read from the cluster that runs the factory (and the mesh's configuration cluster). */
        CLUSTER,
        /** What the portal would create for this embedded factory in a cluster. */
        EMBEDDED
    }

    /** Every object in one multi-document YAML file, as {@code kubectl apply -f} reads it. */
    public String yaml() {
        return manifests.stream().map(Manifest::yaml).collect(Collectors.joining("---\n"));
    }
}
