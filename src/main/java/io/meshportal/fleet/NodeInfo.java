package io.meshportal.fleet;

/**
 * A node with its capacity and usage. Usage fields are null when no metrics are available (e.g. no
 * metrics-server): absent, not zero.
 */
public record NodeInfo(
        String name, boolean ready, int cpuCores, Double cpuUsedCores, long memoryBytes, Long memoryUsedBytes) {}
