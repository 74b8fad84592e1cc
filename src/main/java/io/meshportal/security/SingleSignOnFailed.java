package io.meshportal.security;

/**
 * A single sign-on that did not end signed in, for the audit log.
 *
 * @param username the portal user name when the claims got that far, else null
 * @param reason   a short code: a refusal's reason, or the OAuth 2.0 error code
 * @param client   the address the browser came from
 */
public record SingleSignOnFailed(String username, String reason, String client) {}
