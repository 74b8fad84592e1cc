package io.meshportal.security;

import java.time.Instant;

/** A pending account request as an administrator sees it. */
public record AccountRequestView(
        Long id, String username, String fullName, String reason, String client, Instant requestedAt) {}
