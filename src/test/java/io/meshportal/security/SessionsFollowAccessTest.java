package io.meshportal.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PageAssertions;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * With the page open in Chromium: disabling a user, or resetting their password, ends their session at once — the
 * open dashboard goes to the sign-in page and a reload stays there.
 */
class SessionsFollowAccessTest extends BrowserTest {

    static final PageAssertions.HasURLOptions SOON = new PageAssertions.HasURLOptions().setTimeout(5_000);

    @Autowired
    TestUsers users;

    @Autowired
    UserService service;

    @Test
    void disablingOrAResetEndsTheOpenSession() {
        users.ensure("session-admin", "irrelevant-password-sa", Role.ADMIN, null);
        users.ensure("session-user", "session-user-password-1", Role.FACTORY_MANAGER, "berlin-1");
        Viewer admin = users.signIn("session-admin");
        TestUsers.signOut();
        String base = base();
        Page page = chromium.newPage();
        Chromium.signIn(page, base, "session-user", "session-user-password-1");
        assertThat(page.locator("#current-user")).containsText("session-user");

        service.setEnabled(admin, "session-user", false);
        assertThat(page).hasURL(Pattern.compile(".*/login.*"), SOON);
        page.navigate(base + "/");
        assertThat(page).hasURL(Pattern.compile(".*/login.*"));

        service.setEnabled(admin, "session-user", true);
        Page again = chromium.newPage();
        Chromium.signIn(again, base, "session-user", "session-user-password-1");
        assertThat(again.locator("#current-user")).containsText("session-user");
        service.resetPassword(admin, "session-user");
        assertThat(again).hasURL(Pattern.compile(".*/login.*"), SOON);
    }

    /**
     * A role or factory change and a deletion end the session too: the manager's open page leaves, and after
     * signing in again they see only what the new access allows.
     */
    @Test
    void aRoleChangeOrADeletionEndsTheOpenSession() {
        users.ensure("access-admin", "irrelevant-password-aa", Role.ADMIN, null);
        users.ensure("access-user", "access-user-password-1", Role.FACTORY_MANAGER, "berlin-1");
        Viewer admin = users.signIn("access-admin");
        TestUsers.signOut();
        String base = base();
        Page page = chromium.newPage();
        Chromium.signIn(page, base, "access-user", "access-user-password-1");
        page.navigate(base + "/factories/berlin-1");
        assertThat(page.locator("#factory-view")).hasCount(1);

        service.changeAccess(admin, "access-user", Role.FACTORY_MANAGER, "lyon-1");
        assertThat(page).hasURL(Pattern.compile(".*/login.*"), SOON);
        Chromium.signIn(page, base, "access-user", "access-user-password-1");
        page.navigate(base + "/factories/berlin-1");
        assertThat(page.locator("#not-found-view")).hasCount(1);
        page.navigate(base + "/factories/lyon-1");
        assertThat(page.locator("#factory-view")).hasCount(1);

        service.delete(admin, "access-user");
        assertThat(page).hasURL(Pattern.compile(".*/login.*"), SOON);
        page.navigate(base + "/");
        assertThat(page).hasURL(Pattern.compile(".*/login.*"));
        org.assertj.core.api.Assertions.assertThat(service.list(admin))
                .noneMatch(u -> u.username().equals("access-user"));
        // refused: one's own role, one's own account, the last administrator
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> service.changeAccess(admin, "access-admin", Role.OFFICE_MANAGER, null))
                .isInstanceOf(UserRequestException.class)
                .hasMessageContaining("your own role");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.delete(admin, "access-admin"))
                .isInstanceOf(UserRequestException.class)
                .hasMessageContaining("your own account");
    }

    /** A user sees their own sessions and ends another one: that browser's page goes to the sign-in page. */
    @Test
    void aUserEndsTheirOtherSession() {
        users.ensure("two-browsers", "two-browsers-password-1", Role.OFFICE_MANAGER, null);
        String base = base();
        Page laptop = chromium.newPage();
        Chromium.signIn(laptop, base, "two-browsers", "two-browsers-password-1");
        Page phone = chromium.newPage();
        Chromium.signIn(phone, base, "two-browsers", "two-browsers-password-1");
        phone.navigate(base + "/password");
        assertThat(phone.locator("#my-sessions")).containsText("this session");
        assertThat(phone.locator("#my-sessions vaadin-button")).hasCount(1);
        phone.locator("#my-sessions vaadin-button").click();
        assertThat(laptop).hasURL(Pattern.compile(".*/login.*"), SOON);
        laptop.navigate(base + "/");
        assertThat(laptop).hasURL(Pattern.compile(".*/login.*"));
        phone.navigate(base + "/");
        assertThat(phone.locator("#current-user")).containsText("two-browsers");
        // nobody ends another user's session: its handle is not found among theirs
        users.ensure("bystander", "bystander-password-1", Role.OFFICE_MANAGER, null);
        Page bystanderPage = chromium.newPage();
        Chromium.signIn(bystanderPage, base, "bystander", "bystander-password-1");
        Viewer bystander = users.signIn("bystander");
        Viewer owner = users.signIn("two-browsers");
        TestUsers.signOut();
        String theirs = service.mySessions(bystander, null).getFirst().handle();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.endMySession(owner, theirs))
                .isInstanceOf(UserRequestException.class);
        bystanderPage.navigate(base + "/");
        assertThat(bystanderPage.locator("#current-user")).containsText("bystander");
    }
}
