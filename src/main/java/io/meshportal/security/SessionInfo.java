package io.meshportal.security;

import java.time.Instant;

/**
 * One of a user's signed-in sessions, as they see it on their own page.
 *
 * @param handle  names the session without being its id (a session id is a credential)
 * @param client  the address it signed in from
 * @param current whether it is the session asking
 */
public record SessionInfo(String handle, Instant started, Instant lastActive, String client, boolean current) {}
