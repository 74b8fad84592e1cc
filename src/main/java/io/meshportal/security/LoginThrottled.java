package io.meshportal.security;

import java.time.Duration;

/** A sign-in attempt refused because it came too soon after failures: for the audit log. */
public record LoginThrottled(String username, String client, Duration retryAfter) {}
