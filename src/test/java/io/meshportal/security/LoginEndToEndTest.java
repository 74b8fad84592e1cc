package io.meshportal.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;

/** The first-start story end to end: the generated admin password from the credentials file signs in. */
class LoginEndToEndTest extends BrowserTest {

    @Test
    void generatedAdminPasswordSignsInAndShowsTheDashboard() throws Exception {
        Path credentials = DATA_DIR.resolve(InitialAccounts.CREDENTIALS_FILE);
        assertThat(Files.getPosixFilePermissions(credentials))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String adminPassword = Files.readAllLines(credentials).stream()
                .filter(l -> l.startsWith("admin "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1];

        Page page = chromium.newPage();
        Chromium.signIn(page, base(), "admin", adminPassword);

        assertThat(page.locator("#dashboard")).isVisible();
        assertThat(page.locator("#current-user")).containsText("admin");
        assertThat(page.locator("#main-nav")).containsText("Users");
    }

    @Test
    void wrongPasswordStaysOnTheLoginPageWithAMessage() {
        Page page = chromium.newPage();
        Chromium.signIn(page, base(), "admin", "not-the-password");
        assertThat(page.locator("vaadin-login-form")).containsText("Incorrect user name or password");
        assertThat(page).hasURL(java.util.regex.Pattern.compile(".*/login\\?error.*"));
    }

    @Test
    void probesAndMetricsAreServedWithoutSignIn() {
        Page page = chromium.newPage();
        var base = base();
        assertThat(page.request().get(base + "/actuator/health/liveness").text())
                .contains("UP");
        assertThat(page.request().get(base + "/actuator/health/readiness").text())
                .contains("UP");
        assertThat(page.request().get(base + "/actuator/prometheus").text()).contains("jvm_memory_used_bytes");
    }
}
