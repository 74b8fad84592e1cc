package io.meshportal.security;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Locks an account for a while after too many failed logins in a row. The lock is temporary on purpose: a
 * permanent one would let anyone lock out the administrator by guessing.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final UserAccountRepository users;
    private final SecurityProperties properties;
    private final Clock clock;

    LoginThrottle(UserAccountRepository users, SecurityProperties properties, Clock clock) {
        this.users = users;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener
    @Transactional
    public void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        users.findByUsername(event.getAuthentication().getName()).ifPresent(account -> {
            account.recordFailedLogin(
                    properties.lockoutThreshold(), clock.instant().plus(properties.lockoutDuration()));
            if (account.lockedAt(clock.instant())) {
                log.warn(
                        "Account '{}' locked for {} after {} failed logins",
                        account.username(),
                        properties.lockoutDuration(),
                        properties.lockoutThreshold());
            }
        });
    }

    @EventListener
    @Transactional
    public void onSuccess(AuthenticationSuccessEvent event) {
        users.findByUsername(event.getAuthentication().getName()).ifPresent(UserAccount::recordSuccessfulLogin);
    }
}
