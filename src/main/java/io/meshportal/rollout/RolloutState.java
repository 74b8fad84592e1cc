package io.meshportal.rollout;

/** Where a rollout is. Only RUNNING and HELD own the factory's traffic split; the others are history. */
public enum RolloutState {
    /** Steps are being taken (automatic) or weights set by hand (manual). */
    RUNNING,
    /** Stopped where it was (e.g. the canary was gone after a restart): a user promotes or rolls back. */
    HELD,
    PROMOTED,
    /** Rolled back by a user. */
    ROLLED_BACK,
    /** Rolled back by the judgement at a step. */
    ABORTED;

    public boolean active() {
        return this == RUNNING || this == HELD;
    }
}
