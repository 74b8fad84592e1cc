package io.meshportal.audit;

import java.time.Instant;

/** Who did what to which target, when, and how it ended. */
public record AuditRecord(Instant at, String actor, String action, String target, Outcome outcome, String detail) {

    public enum Outcome { SUCCESS, FAILURE, DENIED }
}
