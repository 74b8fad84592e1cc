package io.meshportal.alerts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "alert_rule")
class AlertRule {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer") // SQLite's rowid alias, as the V1 migration declares it
    private Long id;

    @Column(nullable = false, length = 100)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private RuleKind kind;

    private double threshold;
    private int holdSeconds;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Severity severity;

    @Column(length = 63)
    private String factoryId;

    @Column(length = 500)
    private String webhookUrl;

    @Column(length = 64)
    private String webhookSecret;

    private boolean enabled = true;

    protected AlertRule() {}

    AlertRule(RuleSpec spec) {
        update(spec);
    }

    void update(RuleSpec spec) {
        this.name = spec.name().trim();
        this.kind = spec.kind();
        this.threshold = spec.threshold();
        this.holdSeconds = spec.holdSeconds();
        this.severity = spec.severity();
        this.factoryId = spec.factoryId(); // RuleSpec has already turned blanks into null
        this.webhookUrl = spec.webhookUrl();
        if (webhookUrl != null && webhookSecret == null) {
            webhookSecret = newSecret();
        }
    }

    /** 32 random bytes, base64url: the key receivers verify signatures with. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    Long id() {
        return id;
    }

    RuleView view() {
        return new RuleView(
                id,
                new RuleSpec(name, kind, threshold, holdSeconds, severity, factoryId, webhookUrl),
                enabled,
                webhookUrl == null ? null : webhookSecret);
    }
}
