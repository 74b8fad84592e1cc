package io.meshportal.fleet;

import java.util.List;

/** A cluster and its nodes as last seen; {@code message} says why it is not reachable. */
public record ClusterInfo(String name, Status status, String message, List<NodeInfo> nodes) {

    public enum Status {
        REACHABLE,
        UNAUTHORIZED,
        UNREACHABLE
    }
}
