package io.meshportal.fleet;

/** Bounds for the autoscaler; replicas follow load between them. */
public record Autoscaling(int minReplicas, int maxReplicas) {}
