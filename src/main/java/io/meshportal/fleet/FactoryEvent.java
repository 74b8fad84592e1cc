package io.meshportal.fleet;

import java.time.Instant;

/**
 * Something that happened to a factory's workload, in Kubernetes' words: a replica started or stopped, a probe
 * failed, the workload scaled. In a cluster these are the Events of its Deployment, ReplicaSets and Pods; on the
 * embedded fleet the local fleet records the same kinds.
 *
 * @param object what it happened to, e.g. {@code Pod/factory-berlin-1-7d9f-x2x4p} or {@code replica :41231}
 * @param count  how often it happened (Kubernetes folds repeats into one event)
 */
public record FactoryEvent(Instant at, Type type, String reason, String object, String message, int count) {

    /** Kubernetes' two event types. */
    public enum Type {
        NORMAL,
        WARNING
    }
}
