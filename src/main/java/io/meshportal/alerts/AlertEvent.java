package io.meshportal.alerts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One firing of a rule on one subject, until it resolves. */
@Entity
@Table(name = "alert_event")
class AlertEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer") // SQLite's rowid alias, as the V1 migration declares it
    private Long id;

    private Long ruleId;

    @Column(length = 100)
    private String ruleName;

    @Enumerated(EnumType.STRING)
    @Column(length = 32)
    private RuleKind kind;

    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    private Severity severity;
    /** The factory it concerns; null for node alerts (office roles only). */
    @Column(length = 63)
    private String factoryId;

    @Column(length = 253)
    private String subject;

    private double value;
    private double threshold;
    private Instant firedAt;
    private Instant resolvedAt;

    @Column(length = 64)
    private String acknowledgedBy;

    private Instant acknowledgedAt;

    @Column(length = 300)
    private String webhookStatus;

    protected AlertEvent() {}

    AlertEvent(
            Long ruleId,
            String ruleName,
            RuleKind kind,
            Severity severity,
            String factoryId,
            String subject,
            double value,
            double threshold,
            Instant firedAt) {
        this.ruleId = ruleId;
        this.ruleName = ruleName;
        this.kind = kind;
        this.severity = severity;
        this.factoryId = factoryId;
        this.subject = subject;
        this.value = value;
        this.threshold = threshold;
        this.firedAt = firedAt;
    }

    Long id() {
        return id;
    }

    String factoryId() {
        return factoryId;
    }

    void resolve(Instant at, double lastValue) {
        this.resolvedAt = at;
        this.value = lastValue;
    }

    void acknowledge(String by, Instant at) {
        this.acknowledgedBy = by;
        this.acknowledgedAt = at;
    }

    void webhookStatus(String status) {
        this.webhookStatus = status.length() > 300 ? status.substring(0, 299) + "…" : status;
    }

    AlertView view() {
        return new AlertView(
                id,
                ruleId,
                ruleName,
                kind,
                severity,
                factoryId,
                subject,
                value,
                threshold,
                firedAt,
                resolvedAt,
                acknowledgedBy,
                acknowledgedAt,
                webhookStatus);
    }
}
