package io.meshportal.security;

/** Published after every user change, for the audit log. */
public record UserChanged(String actor, String action, String username, boolean success, String detail) {
}
