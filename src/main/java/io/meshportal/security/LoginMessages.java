package io.meshportal.security;

/** Texts the sign-in page shows, shared by local and single sign-on. */
public final class LoginMessages {

    public static final String DISABLED = "This account is disabled. Ask an administrator.";

    /** The session attribute holding the last single sign-on failure's message for the sign-in page. */
    public static final String SSO_ERROR = "meshportal.sso.error";

    private LoginMessages() {}
}
