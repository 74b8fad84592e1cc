package io.meshportal.security;

import java.time.Instant;

/** A token as its owner sees it in the list: never its secret. */
public record AccessTokenView(long id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {

    public boolean expired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
