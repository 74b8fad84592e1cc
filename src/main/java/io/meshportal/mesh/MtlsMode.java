package io.meshportal.mesh;

/** Istio PeerAuthentication modes. */
public enum MtlsMode { STRICT, PERMISSIVE, DISABLE }
