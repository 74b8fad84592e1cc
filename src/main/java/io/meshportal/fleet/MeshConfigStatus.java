package io.meshportal.fleet;

/**
 * The mesh's config cluster: the one cluster whose Istio configuration istiod reads (in primary-remote, the
 * primary), where every factory's traffic objects are written.
 *
 * @param message why it is not {@link State#READY}, for the Mesh page
 */
public record MeshConfigStatus(String cluster, State state, String message) {

    public enum State {
        /** Reachable, and Istio's configuration APIs are served there. */
        READY,
        /** Reachable, but Istio's CRDs are not installed: no traffic policy can be read or written. */
        NO_ISTIO,
        UNREACHABLE
    }
}
