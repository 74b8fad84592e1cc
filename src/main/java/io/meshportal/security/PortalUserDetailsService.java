package io.meshportal.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class PortalUserDetailsService implements UserDetailsService {

    private final UserAccountRepository users;
    private final boolean localAccounts;

    PortalUserDetailsService(UserAccountRepository users, SecurityProperties properties) {
        this.users = users;
        this.localAccounts = properties.localAccounts();
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        // local sign-in switched off, or an account that signs in through the provider: as if unknown, so the
        // answer is the same "incorrect user name or password" and tells nothing
        UserAccount account = users.findByUsername(username)
                .filter(a -> localAccounts && a.signIn() == SignIn.LOCAL)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
        // never locked: guessing is slowed by LoginThrottle instead, which nobody can turn against the account
        return new PortalUser(account, false);
    }
}
