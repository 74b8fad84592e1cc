package io.meshportal.alerts;

import java.time.Instant;

/** An alert as shown to users. Active while {@code resolvedAt} is null. */
public record AlertView(
        Long id,
        Long ruleId,
        String ruleName,
        RuleKind kind,
        Severity severity,
        String factoryId,
        String subject,
        double value,
        double threshold,
        Instant firedAt,
        Instant resolvedAt,
        String acknowledgedBy,
        Instant acknowledgedAt,
        String webhookStatus) {

    public boolean active() {
        return resolvedAt == null;
    }
}
