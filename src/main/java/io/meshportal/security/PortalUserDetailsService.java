package io.meshportal.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class PortalUserDetailsService implements UserDetailsService {

    private final UserAccountRepository users;

    PortalUserDetailsService(UserAccountRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        UserAccount account =
                users.findByUsername(username).orElseThrow(() -> new UsernameNotFoundException("No such user"));
        // never locked: guessing is slowed by LoginThrottle instead, which nobody can turn against the account
        return new PortalUser(account, false);
    }
}
