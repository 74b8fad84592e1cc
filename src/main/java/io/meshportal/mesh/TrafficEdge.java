package io.meshportal.mesh;

/**
 * Traffic from one workload (the portal, usually) to one factory, as the mesh graph draws it.
 *
 * @param mutualTls whether the calls went over mutual TLS; null when not known
 */
public record TrafficEdge(String source, String factoryId, String cluster, Signal signal, Boolean mutualTls) {}
