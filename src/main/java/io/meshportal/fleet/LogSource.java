package io.meshportal.fleet;

/**
 * A replica of a factory whose log can be read: a pod in a cluster, a replica process on the embedded fleet.
 *
 * @param name    the pod's name (or the replica's, stable for its life)
 * @param version the factory version it runs
 * @param running false when it has stopped (its last lines can still be read where the runtime keeps them)
 */
public record LogSource(String name, String version, boolean running) {}
