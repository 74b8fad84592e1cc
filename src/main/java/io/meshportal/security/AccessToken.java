package io.meshportal.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A personal access token as stored: its owner, name, expiry and the digest of its secret. */
@Entity
@Table(name = "access_token")
class AccessToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer")
    private Long id;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false, length = 64, unique = true)
    private String secretDigest;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant expiresAt;

    private Instant lastUsedAt;

    protected AccessToken() {}

    AccessToken(String username, String name, String secretDigest, Instant createdAt, Instant expiresAt) {
        this.username = username;
        this.name = name;
        this.secretDigest = secretDigest;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    Long id() {
        return id;
    }

    String username() {
        return username;
    }

    String name() {
        return name;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant lastUsedAt() {
        return lastUsedAt;
    }

    void usedAt(Instant at) {
        this.lastUsedAt = at;
    }

    AccessTokenView view() {
        return new AccessTokenView(id, name, createdAt, expiresAt, lastUsedAt);
    }
}
