package io.meshportal.alerts;

/** A stored rule. */
/**
 * A rule as stored.
 *
 * @param webhookSecret the key its webhook calls are signed with; null without a webhook, and for readers who may
 *                      not edit rules
 */
public record RuleView(Long id, RuleSpec spec, boolean enabled, String webhookSecret) {

    RuleView withoutSecret() {
        return new RuleView(id, spec, enabled, null);
    }
}
