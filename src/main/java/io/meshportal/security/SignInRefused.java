package io.meshportal.security;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** A single sign-on the portal refuses; its message is what the sign-in page shows. */
final class SignInRefused extends OAuth2AuthenticationException {

    /** Why, as a closed set: the audit log records the reason's name. */
    enum Reason {
        NO_ROLE,
        NO_FACTORY,
        BAD_CLAIMS,
        NAME_TAKEN,
        DISABLED
    }

    private final Reason reason;
    private final String username;

    SignInRefused(Reason reason, String message) {
        this(reason, null, message);
    }

    /** @param username the portal user name the claims map to, when known, for the audit log */
    SignInRefused(Reason reason, String username, String message) {
        super(new OAuth2Error("access_denied", message, null), message);
        this.reason = reason;
        this.username = username;
    }

    String username() {
        return username;
    }

    Reason reason() {
        return reason;
    }
}
