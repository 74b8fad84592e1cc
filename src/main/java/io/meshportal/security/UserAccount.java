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

/** A portal user as stored in SQLite. Only this package writes it; others see {@link UserSummary}. */
@Entity
@Table(name = "user_account")
class UserAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(columnDefinition = "integer") // SQLite's rowid alias, as the V1 migration declares it
    private Long id;

    @Column(nullable = false, unique = true, length = 64)
    private String username;

    @Column(nullable = false)
    private String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private Role role;

    /** The one factory a FACTORY_MANAGER may see; null for the other roles. */
    @Column(length = 63)
    private String factoryId;

    private boolean enabled = true;
    private boolean mustChangePassword;
    private int failedLogins;
    private Instant lockedUntil;
    private Instant createdAt;

    /** How the account signs in; a single-sign-on account has no usable password here. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private SignIn signIn = SignIn.LOCAL;

    /** The provider's stable id ("sub") of a single-sign-on account's person. */
    @Column(length = 255)
    private String subject;

    /** The UI language the user chose (a language tag); null: the browser's. */
    @Column(length = 8)
    private String language;

    protected UserAccount() {}

    String language() {
        return language;
    }

    void language(String tag) {
        this.language = tag;
    }

    UserAccount(String username, String passwordHash, Role role, String factoryId) {
        if (role == Role.FACTORY_MANAGER && (factoryId == null || factoryId.isBlank())) {
            throw new IllegalArgumentException("A factory manager needs a factory");
        }
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role;
        this.factoryId = role == Role.FACTORY_MANAGER ? factoryId : null;
        this.createdAt = Instant.now();
    }

    /** An account that signs in through the OpenID Connect provider; it has no password here. */
    static UserAccount singleSignOn(String username, String subject, Role role, String factoryId) {
        UserAccount account = new UserAccount(username, SignIn.NO_PASSWORD, role, factoryId);
        account.signIn = SignIn.SINGLE_SIGN_ON;
        account.subject = subject;
        return account;
    }

    SignIn signIn() {
        return signIn;
    }

    String subject() {
        return subject;
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

    Role role() {
        return role;
    }

    String factoryId() {
        return factoryId;
    }

    boolean enabled() {
        return enabled;
    }

    boolean mustChangePassword() {
        return mustChangePassword;
    }

    int failedLogins() {
        return failedLogins;
    }

    Instant lockedUntil() {
        return lockedUntil;
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    void recordFailedLogin(int threshold, Instant lockUntil) {
        failedLogins++;
        if (failedLogins >= threshold) {
            lockedUntil = lockUntil;
            failedLogins = 0;
        }
    }

    void recordSuccessfulLogin() {
        failedLogins = 0;
        lockedUntil = null;
    }

    void password(String hash, boolean mustChange) {
        this.passwordHash = hash;
        this.mustChangePassword = mustChange;
        this.failedLogins = 0;
        this.lockedUntil = null;
    }

    /** A new role and scope: a factory only for a factory manager. */
    void access(Role newRole, String newFactoryId) {
        this.role = newRole;
        this.factoryId = newRole == Role.FACTORY_MANAGER ? newFactoryId : null;
    }

    void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    UserSummary summary() {
        return new UserSummary(username, role, factoryId, enabled, mustChangePassword, signIn == SignIn.SINGLE_SIGN_ON);
    }
}
