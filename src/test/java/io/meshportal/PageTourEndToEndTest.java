package io.meshportal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every page in each role's menu opens in Chromium without an error page (screenshots in target/screenshots). */
class PageTourEndToEndTest extends BrowserTest {

    @Test
    void everyMenuPageOpensForTheAdministratorAndAFactoryManager() {
        tour(
                "admin",
                List.of(
                        "Dashboard",
                        "Shift report",
                        "Factories",
                        "Clusters",
                        "Alerts",
                        "Service mesh",
                        "Rollouts",
                        "Manifests",
                        "Audit log",
                        "Users"));
        tour(
                "manager-porto-1",
                List.of("Dashboard", "Shift report", "Factories", "Alerts", "Service mesh", "Rollouts", "Manifests"));
    }

    private void tour(String user, List<String> expectedMenu) {
        Page page = chromium.newPage();
        page.setViewportSize(1400, 900);
        // the content security policy must not break anything: Chromium logs every violation to the console
        java.util.List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                violations.add(m.text());
            }
        });
        Chromium.signIn(page, base(), user, Credentials.password(user));
        Locator nav = page.locator("#main-nav");
        for (String entry : expectedMenu) {
            assertThat(nav).containsText(entry);
        }
        for (String entry : expectedMenu) {
            page.locator("#main-nav vaadin-side-nav-item")
                    .filter(new Locator.FilterOptions().setHasText(entry))
                    .first()
                    .click();
            page.waitForTimeout(700);
            assertThat(page.locator("#error-view")).hasCount(0);
            assertThat(page.locator("#not-found-view")).hasCount(0);
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target/screenshots/tour-" + user + "-"
                            + entry.toLowerCase().replace(' ', '-') + ".png")));
        }
        page.navigate(base() + "/wall");
        page.waitForTimeout(700);
        org.assertj.core.api.Assertions.assertThat(violations)
                .as("CSP violations")
                .isEmpty();
    }
}
