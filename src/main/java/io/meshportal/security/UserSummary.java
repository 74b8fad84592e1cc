package io.meshportal.security;

/**
 * What other features may know of a user.
 *
 * @param singleSignOn signs in through the OpenID Connect provider, which owns its role and factory
 */
public record UserSummary(
        String username,
        Role role,
        String factoryId,
        boolean enabled,
        boolean mustChangePassword,
        boolean singleSignOn) {}
