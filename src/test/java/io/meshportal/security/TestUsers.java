package io.meshportal.security;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Test helper: puts users straight into the real repository and signs them in on the current thread. */
@Component
public class TestUsers {

    private final UserAccountRepository users;
    private final PasswordEncoder encoder;
    private final PortalUserDetailsService details;
    private final SingleSignOnAccounts singleSignOn;

    TestUsers(
            UserAccountRepository users,
            PasswordEncoder encoder,
            PortalUserDetailsService details,
            SingleSignOnAccounts singleSignOn) {
        this.users = users;
        this.encoder = encoder;
        this.details = details;
        this.singleSignOn = singleSignOn;
    }

    /**
     * Signs in on this thread as someone whose provider's claims map to this role and factory: the account is made
     * (or brought up to date) by the real single-sign-on code; the principal is the one a verified ID token gives.
     * The token's own checks are covered end to end against a real provider (SingleSignOnEndToEndTest).
     */
    public Viewer signInWithProvider(String username, Role role, String factoryId) {
        Viewer viewer = singleSignOn.signIn("subject-" + username, new OidcClaims.Access(username, role, factoryId));
        java.time.Instant now = java.time.Instant.now();
        var idToken = new org.springframework.security.oauth2.core.oidc.OidcIdToken(
                "test-token", now, now.plusSeconds(300), java.util.Map.of("sub", "subject-" + username));
        PortalOidcUser principal = new PortalOidcUser(viewer, idToken, null);
        SecurityContextHolder.getContext()
                .setAuthentication(
                        new org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken(
                                principal, principal.getAuthorities(), OidcProperties.REGISTRATION_ID));
        return viewer;
    }

    @Transactional
    public void ensure(String username, String password, Role role, String factoryId) {
        if (users.findByUsername(username).isEmpty()) {
            users.save(new UserAccount(username, encoder.encode(password), role, factoryId));
        }
    }

    /** Signs the user in on this thread, as Spring Security would after a successful form login. */
    public Viewer signIn(String username) {
        var user = (PortalUser) details.loadUserByUsername(username);
        Authentication auth = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        SecurityContextHolder.getContext().setAuthentication(auth);
        return user.viewer();
    }

    public static void signOut() {
        SecurityContextHolder.clearContext();
    }
}
