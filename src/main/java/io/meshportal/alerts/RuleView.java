package io.meshportal.alerts;

/** A stored rule. */
public record RuleView(Long id, RuleSpec spec, boolean enabled) {}
