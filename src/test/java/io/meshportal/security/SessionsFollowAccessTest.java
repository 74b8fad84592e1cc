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
}
