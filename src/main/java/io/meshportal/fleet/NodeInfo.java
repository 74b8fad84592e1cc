package io.meshportal.fleet;

import java.util.List;

/**
 * A node with its capacity and usage. Usage fields are null when no metrics are available (e.g. no
 * metrics-server): absent, not zero. {@code conditions} lists what is wrong (NotReady, MemoryPressure,
 * DiskPressure, PIDPressure, NetworkUnavailable); empty when the node is healthy.
 */
public record NodeInfo(
        String name,
        boolean ready,
        int cpuCores,
        Double cpuUsedCores,
        long memoryBytes,
        Long memoryUsedBytes,
        List<String> conditions) {

    public NodeInfo {
        conditions = List.copyOf(conditions);
    }
}
