package io.meshportal.factory;

/**
 * Misbehaviour for resilience tests, applied to the telemetry endpoints. Off by default; it can only be switched
 * from the network when the server was started with fault control explicitly enabled.
 */
public enum Fault {
    NONE,
    /** Answers after 2.5 s. */
    SLOW,
    /** HTTP 500 with a JSON error. */
    ERROR,
    /** HTTP 200 with a body that is not JSON. */
    GARBAGE,
    /** Never answers (until the fault is cleared or the server stops). */
    HANG,
    /** HTTP 200 with a 10 MB body. */
    HUGE
}
