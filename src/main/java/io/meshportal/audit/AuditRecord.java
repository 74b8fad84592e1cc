package io.meshportal.audit;

import java.time.Instant;

/**
 * Who did what to which target, when, and how it ended.
 *
 * @param action the stored action text as shown (for {@link AuditAction#OTHER} the unknown key itself)
 */
public record AuditRecord(
        Instant at, String actor, AuditAction kind, String action, String target, Outcome outcome, String detail) {

    public enum Outcome {
        SUCCESS,
        FAILURE,
        DENIED
    }
}
