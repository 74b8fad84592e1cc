package io.meshportal.telemetry;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Live data reaches a real browser by push, without reloading the page. */
class LiveDashboardEndToEndTest extends BrowserTest {

    @Test
    void chartAndFiguresChangeWithoutReload() {
        Page page = chromium.newPage();
        Chromium.signIn(page, base(), "office", Credentials.password("office"));
        assertThat(page.locator("#dashboard")).isVisible();
        Locator chart = page.locator(".live-chart").first();
        assertThat(chart).hasAttribute("data-points", java.util.regex.Pattern.compile("[1-9]\\d*"));
        String firstTime = chart.getAttribute("data-last-time");
        String firstUrl = page.url();
        page.waitForFunction(
                "t => document.querySelector('.live-chart').dataset.lastTime !== t",
                firstTime,
                new Page.WaitForFunctionOptions().setTimeout(10_000));
        assertThat(Double.parseDouble(chart.getAttribute("data-last-time")))
                .isGreaterThan(Double.parseDouble(firstTime));
        assertThat(page.url()).isEqualTo(firstUrl);
        // the history sent on load (first time + millisecond steps) decodes to increasing, recent epoch seconds
        Object decoded = page.evaluate(
                """
                () => { const t = document.querySelector('.live-chart').__data[0];
                  const increasing = t.every((v, i) => i === 0 || v > t[i - 1]);
                  return increasing && t.length > 1 && Math.abs(t[t.length - 1] - Date.now() / 1000) < 10; }""");
        assertThat(decoded).isEqualTo(true);
        assertThat(page.locator("#factory-grid")).containsText("Berlin Furniture Works");
        assertThat(page.locator("#kpi-factories")).containsText("/ 4");
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/dashboard.png"))
                .setFullPage(true));
    }

    /** Every quick range draws from memory or from the rollups without an error; the zone is shown. */
    @Test
    void everyChartRangeOpens() {
        Page page = chromium.newPage();
        page.setViewportSize(1400, 900);
        Chromium.signIn(page, base(), "office", Credentials.password("office"));
        page.navigate(base() + "/factories/berlin-1");
        assertThat(page.locator("#range-zone")).containsText("times in ");
        for (String range : java.util.List.of("Last 6 hours", "Last 24 hours", "Last 7 days", "Last 90 days")) {
            page.locator("#range").click();
            page.locator("vaadin-combo-box-item")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(range))
                    .first()
                    .click();
            page.waitForTimeout(500);
            assertThat(page.locator("#error-view")).hasCount(0);
        }
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(java.nio.file.Path.of("target/screenshots/factory-90-days.png"))
                .setFullPage(true));
    }

    @Test
    void factoryManagerSeesOnlyTheirFactoryEverywhere() {
        Page page = chromium.newPage();
        Chromium.signIn(page, base(), "manager-lyon-1", Credentials.password("manager-lyon-1"));
        assertThat(page.locator("#factory-grid")).containsText("Lyon Ateliers");
        assertThat(page.locator("#factory-grid")).not().containsText("Berlin");
        assertThat(page.locator("#kpi-factories")).containsText("/ 1");

        page.navigate(base() + "/factories/berlin-1");
        assertThat(page.locator("#not-found-view")).isVisible();
        // a page that does not exist and one they may not open look the same
        page.navigate(base() + "/no-such-page");
        assertThat(page.locator("#not-found-view")).isVisible();
        page.navigate(base() + "/users");
        assertThat(page.locator("#not-found-view")).isVisible();

        page.navigate(base() + "/factories/lyon-1");
        assertThat(page.locator("#factory-view")).containsText("Lyon Ateliers");
        assertThat(page.locator("#factory-status")).containsText("UP");
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/factory.png"))
                .setFullPage(true));

        page.navigate(base() + "/wall");
        assertThat(page.locator(".wall-card")).hasCount(1);
        assertThat(page.locator("body")).hasAttribute("theme", "dark");
    }

    @Test
    void wallDisplayShowsTheFleetInTheDark() {
        Page page = chromium.newPage();
        page.setViewportSize(1920, 1080);
        Chromium.signIn(page, base(), "office", Credentials.password("office"));
        page.navigate(base() + "/wall");
        assertThat(page.locator(".wall-card")).hasCount(4);
        String before = page.locator(".wall-clock").textContent();
        page.waitForFunction("t => document.querySelector('.wall-clock').textContent !== t", before);
        assertThat(page.locator("vaadin-app-layout")).hasCount(0);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/wall.png")));
    }
}
