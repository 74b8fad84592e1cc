package io.meshportal.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PageAssertions;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on end to end in Chromium against a real OpenID Connect provider running in the test
 * (mock-oauth2-server: discovery, signed ID tokens, its own login page, where the test types the user and the
 * claims). The provider is down at first: the sign-in page says so and local sign-in works; then per role.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleSignOnEndToEndTest extends BrowserTest {

    static final PageAssertions.HasURLOptions SOON = new PageAssertions.HasURLOptions().setTimeout(10_000);
    static final TestIdentityProvider provider = new TestIdentityProvider();

    @Autowired
    TestUsers users;

    @Autowired
    UserService userService;

    @Autowired
    AuditLog audit;

    @DynamicPropertySource
    static void singleSignOn(DynamicPropertyRegistry registry) {
        provider.register(registry);
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @Test
    @Order(1)
    void aProviderThatIsDownIsSaidAndLocalSignInStillWorks() {
        users.ensure("sso-local", "sso-local-password-1", Role.OFFICE_MANAGER, null);
        Page page = chromium.newPage();
        page.navigate(base() + "/login");
        page.locator("#sso-sign-in").click();
        assertThat(page).hasURL(Pattern.compile(".*/login\\?sso-error.*"), SOON);
        assertThat(page.locator("#sso-error")).containsText("Single sign-on is not available now");
        assertThat(page.locator("body")).not().containsText("Exception");
        Chromium.signIn(page, base(), "sso-local", "sso-local-password-1");
        assertThat(page.locator("#current-user")).containsText("sso-local");
        assertThat(failures("provider_unavailable")).isNotEmpty();
    }

    @Test
    @Order(2)
    void eachRoleSignsInThroughTheProvidersLoginPage() {
        provider.start();
        Page admin = provider.signIn(chromium, base(), "sso-ada", "{\"groups\": [\"staff\", \"portal-admins\"]}");
        assertThat(admin.locator("#current-user")).containsText("sso-ada");
        admin.navigate(base() + "/users");
        // the Users page opens for them (the grid is lazy: with many users the row may be out of view; the
        // account's single-sign-on flag is checked through the service below)
        assertThat(admin.locator("#users-grid")).hasCount(1);

        Page office = provider.signIn(chromium, base(), "sso-olga", "{\"groups\": \"portal-office\"}");
        assertThat(office.locator("#current-user")).containsText("sso-olga");
        office.navigate(base() + "/users");
        assertThat(office.locator("#users-grid")).hasCount(0);
        office.navigate(base() + "/factories/lyon-1");
        assertThat(office.locator("#factory-view")).hasCount(1);

        Page manager = provider.signIn(
                chromium, base(), "sso-max", "{\"groups\": [\"portal-factory\"], \"factory\": \"berlin-1\"}");
        assertThat(manager.locator("#current-user")).containsText("sso-max");
        manager.navigate(base() + "/factories/berlin-1");
        assertThat(manager.locator("#factory-view")).hasCount(1);
        manager.navigate(base() + "/factories/lyon-1");
        assertThat(manager.locator("#not-found-view")).hasCount(1);
        // the provider keeps the password: the password page offers only the sessions
        manager.navigate(base() + "/password");
        assertThat(manager.locator("#current-password")).hasCount(0);
        assertThat(manager.locator("#my-sessions")).containsText("this session");

        Viewer adminViewer = localAdmin();
        Map<String, UserSummary> accounts =
                userService.list(adminViewer).stream().collect(Collectors.toMap(UserSummary::username, u -> u));
        assertThat(accounts.get("sso-ada")).isEqualTo(new UserSummary("sso-ada", Role.ADMIN, null, true, false, true));
        assertThat(accounts.get("sso-max").factoryId()).isEqualTo("berlin-1");
        assertThat(audit.recent(adminViewer, 200))
                .anyMatch(r -> r.actor().equals(SingleSignOnAccounts.ACTOR) && "sso-max".equals(r.target()))
                .anyMatch(r -> r.actor().equals("sso-olga") && r.outcome() == AuditRecord.Outcome.SUCCESS);

        // the provider owns role, factory and password: an administrator cannot change them here
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> userService.changeAccess(adminViewer, "sso-max", Role.OFFICE_MANAGER, null))
                .isInstanceOf(UserRequestException.class)
                .hasMessageContaining("identity provider");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> userService.resetPassword(adminViewer, "sso-max"))
                .isInstanceOf(UserRequestException.class);

        // the groups change at the provider: the next sign-in brings the new role, and the open session
        // signed in with the old one ends
        Page again = provider.signIn(chromium, base(), "sso-max", "{\"groups\": [\"portal-office\"]}");
        assertThat(again.locator("#current-user")).containsText("sso-max");
        assertThat(manager).hasURL(Pattern.compile(".*/login.*"), SOON);
        again.navigate(base() + "/factories/lyon-1");
        assertThat(again.locator("#factory-view")).hasCount(1);

        // disabled here: refused at the next sign-in, whatever the provider says
        userService.setEnabled(adminViewer, "sso-olga", false);
        Page disabled = provider.signIn(chromium, base(), "sso-olga", "{\"groups\": \"portal-office\"}");
        assertThat(disabled.locator("#sso-error")).containsText("disabled");
    }

    @Test
    @Order(3)
    void peopleWithoutARoleOrWithUnusableClaimsAreRefusedWithAClearPage() {
        provider.start();
        Page noRole = provider.signIn(chromium, base(), "sso-nobody", "{\"groups\": [\"staff\"]}");
        assertThat(noRole.locator("#sso-error")).containsText("no MeshPortal role");
        assertThat(noRole.locator("#current-user")).hasCount(0);
        noRole.navigate(base() + "/");
        assertThat(noRole).hasURL(Pattern.compile(".*/login.*"));

        Page noFactory = provider.signIn(chromium, base(), "sso-nofactory", "{\"groups\": [\"portal-factory\"]}");
        assertThat(noFactory.locator("#sso-error")).containsText("names no valid factory");
        Page unknownFactory = provider.signIn(
                chromium, base(), "sso-unknown", "{\"groups\": [\"portal-factory\"], \"factory\": \"atlantis-9\"}");
        assertThat(unknownFactory.locator("#sso-error")).containsText("does not exist here");

        // a local account's name cannot be taken over through the provider
        Page takeover = provider.signIn(chromium, base(), "sso-local", "{\"groups\": [\"portal-admins\"]}");
        assertThat(takeover.locator("#sso-error")).containsText("belongs to another account");

        // oversized claims: a 300-character name, 600 groups
        Page longName = provider.signIn(chromium, base(), "x".repeat(300), "{\"groups\": [\"portal-admins\"]}");
        assertThat(longName.locator("#sso-error")).containsText("unusable preferred_username claim");
        String groups =
                IntStream.range(0, 600).mapToObj(i -> "\"group-" + i + "\"").collect(Collectors.joining(",", "[", "]"));
        Page manyGroups = provider.signIn(chromium, base(), "sso-many", "{\"groups\": " + groups + "}");
        assertThat(manyGroups.locator("#sso-error")).containsText("unusable groups claim");
        // a forged or replayed callback (no sign-in was started in this browser), also an oversized one
        Page forged = chromium.newPage();
        forged.navigate(base() + "/login/oauth2/code/oidc?code=forged&state=forged");
        assertThat(forged.locator("#sso-error")).containsText("Please try again");
        forged.navigate(base() + "/login/oauth2/code/oidc?code=" + "x".repeat(6_000) + "&state=" + "y".repeat(1_000));
        assertThat(forged.locator("#sso-error")).containsText("Please try again");
        forged.navigate(base() + "/login/oauth2/code/oidc?error=access_denied&state=forged");
        assertThat(forged.locator("#sso-error")).isVisible();
        for (Page page : List.of(noRole, noFactory, unknownFactory, takeover, longName, manyGroups, forged)) {
            assertThat(page.locator("body")).not().containsText("Exception");
        }
        assertThat(failures("no_role")).isNotEmpty();
        assertThat(failures("name_taken")).isNotEmpty();
        assertThat(failures("bad_claims")).isNotEmpty();
    }

    /**
     * ID tokens that do not verify (for another client, expired, from another issuer), though correctly signed:
     * refused before any account is made.
     */
    @Test
    @Order(4)
    void tokensThatDoNotVerifyAreRefused() {
        provider.start();
        // the provider's login page lets the test set any claim of the signed token, registered ones too
        Page wrongAudience = provider.signIn(
                chromium, base(), "sso-wrong-aud", "{\"groups\": [\"portal-admins\"], \"aud\": [\"another-client\"]}");
        assertThat(wrongAudience.locator("#sso-error")).containsText("could not be verified");
        Page expired = provider.signIn(
                chromium, base(), "sso-expired", "{\"groups\": [\"portal-admins\"], \"exp\": 1000000000}");
        assertThat(expired.locator("#sso-error")).containsText("could not be verified");
        Page otherIssuer = provider.signIn(
                chromium,
                base(),
                "sso-other-iss",
                "{\"groups\": [\"portal-admins\"], \"iss\": \"http://evil.example/acme\"}");
        assertThat(otherIssuer.locator("#sso-error")).containsText("could not be verified");
        Viewer admin = localAdmin();
        assertThat(userService.list(admin))
                .noneMatch(u ->
                        u.username().startsWith("sso-wrong") || u.username().startsWith("sso-expired"));
        assertThat(failures("invalid_id_token")).hasSizeGreaterThanOrEqualTo(2);
    }

    private Viewer localAdmin() {
        users.ensure("sso-local-admin", "irrelevant-password-sso", Role.ADMIN, null);
        Viewer admin = users.signIn("sso-local-admin");
        TestUsers.signOut();
        return admin;
    }

    private List<AuditRecord> failures(String reason) {
        Viewer admin = localAdmin();
        return audit.recent(admin, 500).stream()
                .filter(r -> r.outcome() == AuditRecord.Outcome.FAILURE
                        && r.detail() != null
                        && r.detail().startsWith("single sign-on: " + reason))
                .toList();
    }
}
