package io.meshportal.security;

/** How an account signs in. */
enum SignIn {
    /** User name and password kept (hashed) here. */
    LOCAL,
    /** The company's OpenID Connect provider; role and factory come from its claims at every sign-in. */
    SINGLE_SIGN_ON;

    /**
     * The password hash of a single-sign-on account: no encoder knows the id "none", so nothing ever matches it, and
     * the sign-in service refuses such accounts before any password is compared.
     */
    static final String NO_PASSWORD = "{none}";
}
