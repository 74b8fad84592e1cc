package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.support.TempDataDir;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;

@SpringBootTest
class UserServiceTest extends TempDataDir {

    @Autowired
    UserService service;

    @Autowired
    TestUsers testUsers;

    @Autowired
    UserAccountRepository repository;

    @Autowired
    AuditLog audit;

    @Autowired
    AuthenticationConfiguration authConfig;

    Viewer admin;
    Viewer office;
    Viewer manager;

    @BeforeEach
    void viewers() {
        testUsers.ensure("us-admin", "irrelevant-password-a", Role.ADMIN, null);
        testUsers.ensure("us-office", "irrelevant-password-b", Role.OFFICE_MANAGER, null);
        testUsers.ensure("us-manager", "irrelevant-password-c", Role.FACTORY_MANAGER, "berlin-1");
        admin = testUsers.signIn("us-admin");
        office = testUsers.signIn("us-office");
        manager = testUsers.signIn("us-manager");
        TestUsers.signOut();
    }

    @Test
    void onlyTheAdministratorManagesUsers() {
        for (Viewer notAdmin : new Viewer[] {office, manager}) {
            assertThatThrownBy(() -> service.list(notAdmin)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> service.create(notAdmin, "x-user", Role.ADMIN, null))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> service.setEnabled(notAdmin, "us-admin", false))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> service.resetPassword(notAdmin, "us-admin"))
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThat(repository.findByUsername("x-user")).isEmpty();
        assertThat(audit.recent(admin, 100)).anySatisfy(r -> {
            assertThat(r.kind()).isEqualTo(AuditAction.USER_CREATE);
            assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.DENIED);
        });
    }

    @Test
    void createValidatesEachFieldAndStoresNothingWhenWrong() {
        long before = repository.count();
        assertThatThrownBy(() -> service.create(admin, "Bad Name!", null, null))
                .isInstanceOfSatisfying(UserRequestException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("username", "role"));
        assertThatThrownBy(() -> service.create(admin, "fm-nowhere", Role.FACTORY_MANAGER, "atlantis-1"))
                .isInstanceOfSatisfying(UserRequestException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("factory"));
        assertThatThrownBy(() -> service.create(admin, "us-office", Role.ADMIN, null))
                .isInstanceOfSatisfying(
                        UserRequestException.class,
                        e -> assertThat(e.problems().get("username")).contains("taken"));
        assertThat(repository.count()).isEqualTo(before);
    }

    @Test
    void oneTimePasswordForcesAChangeThatFollowsThePolicy() throws Exception {
        String oneTime = service.create(admin, "new-manager", Role.FACTORY_MANAGER, "lyon-1");
        AuthenticationManager auth = authConfig.getAuthenticationManager();
        assertThat(auth.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("new-manager", oneTime))
                        .isAuthenticated())
                .isTrue();
        Viewer fresh = testUsers.signIn("new-manager");
        assertThat(service.mustChangePassword(fresh)).isTrue();

        assertThatThrownBy(() -> service.changeOwnPassword(fresh, "wrong", "a-good-long-passphrase"))
                .isInstanceOfSatisfying(UserRequestException.class, e -> assertThat(e.problems())
                        .containsKey("current"));
        for (String weak : Set.of("short", "new-manager-pass-1", "password123", "aaaaaaaaaaaaaaa")) {
            assertThatThrownBy(() -> service.changeOwnPassword(fresh, oneTime, weak))
                    .as(weak)
                    .isInstanceOfSatisfying(UserRequestException.class, e -> assertThat(e.problems())
                            .containsKey("new"));
        }
        service.changeOwnPassword(fresh, oneTime, "tables-and-chairs-42");
        assertThat(service.mustChangePassword(fresh)).isFalse();
        assertThat(auth.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                                "new-manager", "tables-and-chairs-42"))
                        .isAuthenticated())
                .isTrue();

        String reset = service.resetPassword(admin, "new-manager");
        assertThat(service.mustChangePassword(fresh)).isTrue();
        assertThat(auth.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("new-manager", reset))
                        .isAuthenticated())
                .isTrue();
        TestUsers.signOut();
    }

    @Test
    void disabledUsersCannotSignInAndAdminsCannotDisableThemselves() throws Exception {
        service.create(admin, "leaver", Role.OFFICE_MANAGER, null);
        service.setEnabled(admin, "leaver", false);
        AuthenticationManager auth = authConfig.getAuthenticationManager();
        String reset = service.resetPassword(admin, "leaver");
        assertThatThrownBy(
                        () -> auth.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("leaver", reset)))
                .isInstanceOf(DisabledException.class);
        assertThatThrownBy(() -> service.setEnabled(admin, "us-admin", false)).isInstanceOf(UserRequestException.class);
        assertThat(audit.recent(admin, 200))
                .extracting(AuditRecord::action)
                .contains("user.create", "user.disable", "user.reset-password", "login");
    }

    @Test
    void deletingAFactoryDisablesItsManagers() {
        testUsers.ensure("porto-boss", "irrelevant-password-d", Role.FACTORY_MANAGER, "gone-1");
        service.disableManagersOf("us-admin", "gone-1");
        assertThat(repository.findByUsername("porto-boss").orElseThrow().enabled())
                .isFalse();
    }
}
