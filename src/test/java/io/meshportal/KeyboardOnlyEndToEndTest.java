package io.meshportal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.AlertView;
import io.meshportal.alerts.Severity;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Credentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The main flows with the keyboard alone, in Chromium: sign in, create a factory from the dashboard, acknowledge an
 * alert — Tab to move, typing, Enter and Space to act; no pointer.
 */
class KeyboardOnlyEndToEndTest extends BrowserTest {

    static final Viewer ADMIN = new Viewer("admin", Role.ADMIN, null);

    @Autowired
    AlertService alerts;

    @Autowired
    io.meshportal.fleet.FleetService fleet;

    @Test
    void signInCreateAFactoryAndAcknowledgeAnAlertWithTheKeyboardOnly() throws Exception {
        Page page = chromium.newPage();
        page.setViewportSize(1400, 900);
        page.navigate(base() + "/login");
        tabTo(page, "a => a.name === 'username'");
        page.keyboard().type("admin");
        tabTo(page, "a => a.name === 'password'");
        page.keyboard().type(Credentials.password("admin"));
        page.keyboard().press("Enter");
        assertThat(page.locator("#dashboard")).isVisible();

        tabTo(page, "a => a.closest('#dashboard-create-factory')");
        page.keyboard().press("Enter");
        assertThat(page.locator("#create-factory-dialog[opened]")).hasCount(1);
        tabTo(page, "a => a.closest('#factory-id')");
        page.keyboard().type("keyboard-1");
        tabTo(page, "a => a.closest('#factory-name')");
        page.keyboard().type("Made by keyboard");
        tabTo(page, "a => a.closest('#factory-country')");
        page.keyboard().type("PT");
        tabTo(page, "a => a.closest('#factory-mix')");
        page.keyboard().press("ArrowDown"); // opens the list on its first entry
        page.keyboard().press("Enter");
        tabTo(page, "a => a.closest('#factory-capacity')");
        page.keyboard().type("2");
        tabTo(page, "a => a.closest('#factory-replicas')");
        page.keyboard().type("1");
        tabTo(page, "a => a.closest('#create-submit')");
        page.keyboard().press("Enter");
        assertThat(page.locator("#create-factory-dialog[opened]"))
                .hasCount(
                        0,
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(30_000));
        // the portal shows the fleet page with the new factory, as after a click
        assertThat(page.locator("#workload-grid")).containsText("Made by keyboard");
        assertThat(fleet.exists("keyboard-1")).isTrue();
        fleet.delete(ADMIN, "keyboard-1", io.meshportal.fleet.Progress.NONE)
                .get(60, java.util.concurrent.TimeUnit.SECONDS); // later tests in this context expect the demo fleet

        AlertView alert = alerts.notice("Keyboard check", Severity.WARNING, "berlin-1", "berlin-1");
        page.navigate(base() + "/alerts");
        assertThat(page.locator("#alert-grid")).containsText("Keyboard check");
        // a grid is one tab stop (WAI-ARIA grid pattern): Tab into its rows, End to the row's last cell, Enter to
        // reach the button in it
        tabTo(
                page,
                "a => a.getAttribute('part') && a.getAttribute('part').includes('body-cell')"
                        + " && a.getRootNode().host && a.getRootNode().host.id === 'alert-grid'");
        page.keyboard().press("End");
        page.keyboard().press("Enter");
        tabTo(page, "a => a.tagName === 'VAADIN-BUTTON' && a.textContent.trim() === 'Acknowledge'");
        page.keyboard().press("Space");
        page.waitForCondition(
                () -> alerts.history(ADMIN, 50).stream()
                        .anyMatch(a -> a.id().equals(alert.id()) && "admin".equals(a.acknowledgedBy())),
                new Page.WaitForConditionOptions().setTimeout(10_000));
    }

    /** Presses Tab until the focused element (inside shadow roots too) matches, at most 120 times. */
    private static void tabTo(Page page, String predicate) {
        String focused = "() => { let a = document.activeElement;"
                + " while (a && a.shadowRoot && a.shadowRoot.activeElement) { a = a.shadowRoot.activeElement; }"
                + " return !!a && !!(" + predicate + ")(a); }";
        for (int i = 0; i < 120; i++) {
            if (Boolean.TRUE.equals(page.evaluate(focused))) {
                return;
            }
            page.keyboard().press("Tab");
        }
        throw new AssertionError("Tab never reached " + predicate);
    }
}
