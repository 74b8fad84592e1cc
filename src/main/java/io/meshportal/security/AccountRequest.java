package io.meshportal.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Somebody's request for an account, until an administrator decides it. */
@Entity
@Table(name = "account_request")
class AccountRequest {

    enum State {
        PENDING,
        APPROVED,
        REJECTED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer")
    private Long id;

    @Column(nullable = false, length = 64)
    private String username;

    @Column(nullable = false, length = 100)
    private String fullName;

    @Column(length = 500)
    private String reason;

    @Column(nullable = false)
    private String passwordHash;

    @Column(length = 64)
    private String client;

    @Column(nullable = false)
    private Instant requestedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(length = 64)
    private String decidedBy;

    private Instant decidedAt;

    protected AccountRequest() {}

    AccountRequest(String username, String fullName, String reason, String passwordHash, String client, Instant at) {
        this.username = username;
        this.fullName = fullName;
        this.reason = reason;
        this.passwordHash = passwordHash;
        this.client = client;
        this.requestedAt = at;
        this.state = State.PENDING;
    }

    Long id() {
        return id;
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }

    State state() {
        return state;
    }

    void decide(State decision, String by, Instant at) {
        this.state = decision;
        this.decidedBy = by;
        this.decidedAt = at;
    }

    AccountRequestView view() {
        return new AccountRequestView(id, username, fullName, reason, client, requestedAt);
    }
}
