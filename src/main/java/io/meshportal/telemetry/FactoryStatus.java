package io.meshportal.telemetry;

/** How reachable a factory's telemetry is, as seen by the pollers. */
public enum FactoryStatus {
    /** Not polled yet. */
    PENDING,
    /** Last poll answered in time with valid telemetry. */
    UP,
    /** Slow, or the last poll failed while the circuit is still closed. */
    DEGRADED,
    /** Circuit open: unreachable, hung or answering garbage repeatedly. */
    DOWN
}
