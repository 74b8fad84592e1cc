package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.support.TempDataDir;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

@SpringBootTest
class LoginThrottleTest extends TempDataDir {

    @Autowired
    TestUsers testUsers;

    @Autowired
    UserAccountRepository users;

    @Autowired
    AuthenticationConfiguration authConfig;

    @Test
    void fiveWrongPasswordsLockTheAccountEvenForTheRightPassword() throws Exception {
        testUsers.ensure("throttled", "right-password-1", Role.OFFICE_MANAGER, null);
        AuthenticationManager auth = authConfig.getAuthenticationManager();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> auth.authenticate(token("throttled", "wrong")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> auth.authenticate(token("throttled", "right-password-1")))
                .isInstanceOf(LockedException.class);
        assertThat(users.findByUsername("throttled").orElseThrow().lockedUntil())
                .isNotNull();
    }

    @Test
    void successResetsTheCount() throws Exception {
        testUsers.ensure("forgetful", "right-password-2", Role.OFFICE_MANAGER, null);
        AuthenticationManager auth = authConfig.getAuthenticationManager();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> auth.authenticate(token("forgetful", "wrong")))
                        .isInstanceOf(BadCredentialsException.class);
            }
            assertThat(auth.authenticate(token("forgetful", "right-password-2")).isAuthenticated())
                    .isTrue();
        }
        assertThat(users.findByUsername("forgetful").orElseThrow().failedLogins())
                .isZero();
    }

    @Test
    void concurrentFailuresAreAllCountedWithoutSqliteBusyErrors() throws Exception {
        testUsers.ensure("hammered", "right-password-3", Role.OFFICE_MANAGER, null);
        AuthenticationManager auth = authConfig.getAuthenticationManager();
        var futures = new ArrayList<Future<Class<?>>>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> {
                    try {
                        auth.authenticate(token("hammered", "wrong"));
                        return null;
                    } catch (RuntimeException e) {
                        return e.getClass();
                    }
                }));
            }
        }
        for (var f : futures) {
            assertThat(f.get()).isEqualTo(BadCredentialsException.class);
        }
        assertThat(users.findByUsername("hammered").orElseThrow().failedLogins())
                .isEqualTo(4);
    }

    private static UsernamePasswordAuthenticationToken token(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }
}
