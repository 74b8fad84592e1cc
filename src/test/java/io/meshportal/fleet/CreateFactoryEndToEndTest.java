package io.meshportal.fleet;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The office manager's main power, in a real browser: open a factory with a button and watch it go live. */
class CreateFactoryEndToEndTest extends BrowserTest {

    @Autowired
    FleetService fleet;

    @Test
    void officeManagerCreatesAFactoryAndSeesItsLiveData() {
        String base = base();
        Page page = chromium.newPage();
        Chromium.signIn(page, base, "office", Credentials.password("office"));
        page.locator("#dashboard-create-factory").click();
        assertThat(page.locator("#create-factory-dialog[opened]")).hasCount(1);

        // bad input first: the message sits next to the field and nothing is created
        page.locator("#factory-id input").fill("Vienna_1");
        page.locator("#factory-name input").fill("Vienna Works");
        page.locator("#factory-country input").fill("AT");
        page.locator("#create-submit").click();
        assertThat(page.locator("#factory-id")).hasAttribute("invalid", "");
        assertThat(page.locator("#factory-id")).containsText("Lower-case letters");
        assertThat(fleet.exists("Vienna_1")).isFalse();

        page.locator("#factory-id input").fill("vienna-1");
        long clicked = System.nanoTime();
        page.locator("#create-submit").click();
        assertThat(page.locator("#create-factory-dialog[opened]"))
                .hasCount(
                        0,
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasCountOptions().setTimeout(15_000));
        long millis = (System.nanoTime() - clicked) / 1_000_000;
        System.out.println("create click -> first live telemetry -> dialog closed: " + millis + " ms");
        assertThat(page.locator("#workload-grid")).containsText("Vienna Works");

        page.navigate(base + "/");
        assertThat(page.locator("#factory-grid")).containsText("Vienna Works");
        page.navigate(base + "/factories/vienna-1");
        assertThat(page.locator("#factory-status")).containsText("UP");
        assertThat(page.locator("#factory-view")).containsText("AT");
        page.screenshot(new Page.ScreenshotOptions()
                .setPath(Path.of("target/screenshots/created-factory.png"))
                .setFullPage(true));
        assertThat(fleet.exists("vienna-1")).isTrue();
    }
}
