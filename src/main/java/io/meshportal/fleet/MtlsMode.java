package io.meshportal.fleet;

/** Istio PeerAuthentication modes. */
public enum MtlsMode {
    STRICT,
    PERMISSIVE,
    DISABLE
}
