package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.audit.AuditLog;
import io.meshportal.support.TempDataDir;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

/** A request gives no access until approved; approval creates the account with the chosen password. */
@SpringBootTest
class RegistrationTest extends TempDataDir {

    @Autowired
    RegistrationService registration;

    @Autowired
    TestUsers users;

    @Autowired
    AuditLog audit;

    @Autowired
    AuthenticationConfiguration authConfig;

    @Test
    void aRequestWaitsForAnAdministrator() throws Exception {
        users.ensure("reg-admin", "irrelevant-password-ra", Role.ADMIN, null);
        Viewer admin = users.signIn("reg-admin");
        TestUsers.signOut();
        AuthenticationManager auth = authConfig.getAuthenticationManager();

        registration.request(
                "new-planner", "New Planner", "planning for Lyon", "a-long-planner-passphrase-7", "10.9.0.1");
        registration.request("not-wanted", "Not Wanted", null, "a-long-unwanted-passphrase-7", "10.9.0.2");
        // pending: no access yet
        assertThatThrownBy(() -> auth.authenticate(
                        new UsernamePasswordAuthenticationToken("new-planner", "a-long-planner-passphrase-7")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(registration.pending(admin))
                .extracting(AccountRequestView::username)
                .contains("new-planner", "not-wanted");

        // bad input and repeats: a message per field, nothing stored; a taken name reads like a pending one
        assertThatThrownBy(() -> registration.request("Bad Name!", "", null, "short", "10.9.0.3"))
                .isInstanceOfSatisfying(UserRequestException.class, e -> assertThat(e.problems())
                        .containsKeys("username", "fullName", "password"));
        assertThatThrownBy(() ->
                        registration.request("new-planner", "Again", null, "a-long-planner-passphrase-8", "10.9.0.4"))
                .hasMessage("This user name cannot be requested. Choose another.");
        assertThatThrownBy(
                        () -> registration.request("reg-admin", "Me", null, "a-long-planner-passphrase-8", "10.9.0.5"))
                .hasMessage("This user name cannot be requested. Choose another.");
        // one address may ask three times an hour
        for (int i = 0; i < 3; i++) {
            registration.request("flood-" + i, "Flood", null, "a-long-flooding-passphrase-" + i, "10.9.9.9");
        }
        assertThatThrownBy(() ->
                        registration.request("flood-x", "Flood", null, "a-long-flooding-passphrase-x", "10.9.9.9"))
                .hasMessageContaining("Too many requests");

        long planner = id(admin, "new-planner");
        assertThatThrownBy(() -> registration.approve(admin, planner, Role.FACTORY_MANAGER, null))
                .isInstanceOfSatisfying(UserRequestException.class, e -> assertThat(e.problems())
                        .containsKey("factory"));
        registration.approve(admin, planner, Role.FACTORY_MANAGER, "lyon-1");
        assertThat(auth.authenticate(
                                new UsernamePasswordAuthenticationToken("new-planner", "a-long-planner-passphrase-7"))
                        .isAuthenticated())
                .isTrue();
        registration.reject(admin, id(admin, "not-wanted"));
        assertThatThrownBy(() -> auth.authenticate(
                        new UsernamePasswordAuthenticationToken("not-wanted", "a-long-unwanted-passphrase-7")))
                .isInstanceOf(BadCredentialsException.class);
        assertThat(registration.pending(admin))
                .extracting(AccountRequestView::username)
                .doesNotContain("new-planner", "not-wanted");
        assertThat(audit.recent(admin, 100))
                .extracting(r -> r.action() + " " + r.target())
                .contains("account.request new-planner", "account.approve new-planner", "account.reject not-wanted");
    }

    long id(Viewer admin, String username) {
        return registration.pending(admin).stream()
                .filter(r -> r.username().equals(username))
                .findFirst()
                .orElseThrow()
                .id();
    }
}
