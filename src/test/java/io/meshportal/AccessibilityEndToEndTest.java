package io.meshportal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every page in Chromium, light and dark, checked by axe-core against WCAG 2.1 A and AA: no serious or critical
 * violation. axe-core is vendored under src/test/resources/axe (npm package, MPL-2.0).
 */
class AccessibilityEndToEndTest extends BrowserTest {

    static final List<String> SIGNED_IN_PAGES = List.of(
            "/",
            "/wall",
            "/fleet",
            "/clusters",
            "/alerts",
            "/mesh/berlin-1",
            "/audit",
            "/users",
            "/backup",
            "/password",
            "/factories/berlin-1",
            "/reports/berlin-1",
            "/rollouts/berlin-1",
            "/manifests",
            "/manifests/berlin-1",
            "/logs/berlin-1");

    /** The page's background as drawn, to see that the dark theme took. */
    static final String BASE_COLOR = "() => getComputedStyle(document.body).backgroundColor";

    static final String RUN =
            """
            async () => {
              // Vaadin's development tools (Copilot) are not part of the production page
              const result = await axe.run({ exclude: [['copilot-main'], ['vaadin-dev-tools']] }, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                  + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
            }""";

    @Test
    void noSeriousOrCriticalViolationOnAnyPageInLightOrDark() throws Exception {
        String axe = axeSource();
        List<String> found = new ArrayList<>();
        Page page = chromium.newPage();
        page.setViewportSize(1400, 900);
        for (String path : List.of("/login", "/request-account")) {
            page.navigate(base() + path);
            settle(page);
            found.addAll(check(page, axe, path, "light"));
        }
        Chromium.signIn(page, base(), "admin", Credentials.password("admin"));
        for (String theme : List.of("light", "dark")) {
            for (String path : SIGNED_IN_PAGES) {
                page.navigate(base() + path);
                settle(page);
                if (theme.equals("dark")) {
                    Object light = page.evaluate(BASE_COLOR);
                    // the top bar's own switch, as a user turns it on
                    // (a script click: Vaadin's development overlay would catch a pointer in the test's dev mode)
                    var toggle = page.locator("vaadin-button[aria-label='Toggle dark theme']");
                    if (toggle.count() == 0) {
                        continue; // the wall display has no top bar and is drawn dark in both: checked above
                    }
                    toggle.evaluate("b => b.click()");
                    page.waitForTimeout(600);
                    assertThat(page.evaluate(BASE_COLOR))
                            .as("dark theme on " + path)
                            .isNotEqualTo(light);
                }
                found.addAll(check(page, axe, path, theme));
            }
        }
        assertThat(found).isEmpty();
    }

    /** Until Vaadin's client has nothing in flight (as TestBench waits), then a moment for the first push. */
    private static void settle(Page page) {
        page.waitForFunction("() => window.Vaadin && window.Vaadin.Flow && window.Vaadin.Flow.clients"
                + " && Object.values(window.Vaadin.Flow.clients).every(c => !c.isActive())");
        page.waitForTimeout(700);
    }

    private static List<String> check(Page page, String axe, String path, String theme) {
        if (!(Boolean) page.evaluate("() => typeof axe !== 'undefined'")) {
            page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
        }
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) page.evaluate(RUN);
        return violations.stream().map(v -> path + " [" + theme + "] " + v).toList();
    }

    static String axeSource() throws IOException {
        try (InputStream in = AccessibilityEndToEndTest.class.getResourceAsStream("/axe/axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
