package io.meshportal.factory;

/** What a factory is doing in a given minute. */
public enum FactoryState {
    /** Producing. */
    RUNNING,
    /** Planned break: not planned production time. */
    IDLE,
    /** Unplanned stoppage: planned time lost, counts against availability. */
    DOWN,
    /** Planned maintenance: not planned production time. */
    MAINTENANCE
}
