package io.meshportal.fleet;

import io.meshportal.factory.Tuning;

/**
 * The versions a factory runs: always a stable one, at most one canary beside it, and the share of requests the
 * canary gets. Requests carrying {@link #HEADER} with a version's name go to that version whatever the weights
 * (a header-matched route per version), so each version can be watched on its own.
 *
 * @param canary       null when the factory runs one version
 * @param canaryWeight percent of requests to the canary, 0 to 100; 0 without a canary
 */
public record Versions(Release stable, Release canary, int canaryWeight) {

    /** The request header that pins a request to one version, in the mesh and on the embedded fleet alike. */
    public static final String HEADER = "x-meshportal-version";

    public Versions {
        if (canaryWeight < 0 || canaryWeight > 100 || (canary == null && canaryWeight != 0)) {
            throw new IllegalArgumentException("canary weight " + canaryWeight + " without a canary or out of 0..100");
        }
    }

    public int stableWeight() {
        return 100 - canaryWeight;
    }

    /**
     * One version as it runs.
     *
     * @param image the container image (Kubernetes) or null (embedded)
     */
    public record Release(String name, String image, Tuning tuning, int replicas, int readyReplicas) {}
}
