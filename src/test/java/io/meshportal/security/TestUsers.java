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

    TestUsers(UserAccountRepository users, PasswordEncoder encoder, PortalUserDetailsService details) {
        this.users = users;
        this.encoder = encoder;
        this.details = details;
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
