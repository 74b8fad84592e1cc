package io.meshportal.fleet;

import java.util.List;

/**
 * A cluster and its nodes as last seen; {@code message} says why it is not reachable, {@code warnings} what an
 * operator should fix there (e.g. a factory id that is also used in another cluster).
 */
public record ClusterInfo(String name, Status status, String message, List<NodeInfo> nodes, List<String> warnings) {

    public ClusterInfo {
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }

    public enum Status {
        REACHABLE,
        UNAUTHORIZED,
        UNREACHABLE
    }
}
