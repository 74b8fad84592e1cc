package io.meshportal.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audited change. Append-only: no setters, and the repository offers no update or delete. */
@Entity
@Table(name = "audit_entry")
class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer") // SQLite's rowid alias, as the V1 migration declares it
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false, length = 64)
    private String actor;

    @Column(nullable = false, length = 64)
    private String action;

    @Column(length = 128)
    private String target;

    @Column(nullable = false, length = 16)
    private String outcome;

    @Column(length = 1000)
    private String detail;

    protected AuditEntry() {}

    AuditEntry(Instant at, String actor, String action, String target, String outcome, String detail) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.target = target;
        this.outcome = outcome;
        this.detail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 999) + "…";
    }

    Long id() {
        return id;
    }

    AuditRecord record() {
        return new AuditRecord(
                at, actor, AuditAction.ofKey(action), action, target, AuditRecord.Outcome.valueOf(outcome), detail);
    }
}
