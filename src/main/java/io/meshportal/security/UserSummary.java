package io.meshportal.security;

/** What other features may know of a user. */
public record UserSummary(String username, Role role, String factoryId, boolean enabled, boolean mustChangePassword) {}
