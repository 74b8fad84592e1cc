package io.meshportal;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.meshportal.security.Role;
import io.meshportal.security.UserService;
import io.meshportal.security.Viewer;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * In Chromium: a browser that asks for French gets the portal in French from the sign-in page on, numbers written the
 * French way; the top bar's switch changes the language and the next sign-in keeps it.
 */
class LanguageEndToEndTest extends BrowserTest {

    @Autowired
    UserService users;

    @AfterEach
    void browsersLanguageAgain() {
        users.setLanguage(new Viewer("admin", Role.ADMIN, null), null);
    }

    @Test
    void theBrowsersLanguageByDefaultAndTheUsersChoiceAfterwards() {
        Page page = chromium.newPage("fr-FR");
        page.setViewportSize(1400, 900);
        page.navigate(base() + "/login");
        assertThat(page.getByText("Les usines de tout le maillage, en direct.")).isVisible();
        page.getByLabel("Nom d'utilisateur").fill("admin");
        page.getByLabel("Mot de passe", new Page.GetByLabelOptions().setExact(true))
                .fill(Credentials.password("admin"));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Se connecter"))
                .click();
        assertThat(page.locator("#dashboard")).isVisible();
        assertThat(page.locator("#main-nav")).containsText("Tableau de bord");
        assertThat(page.locator("#kpi-output")).containsText("Produits sortis");
        assertThat(page).hasTitle("Tableau de bord · MeshPortal");
        // screen readers pronounce the page in its language (WCAG 3.1.1)
        assertThat(page.locator("html")).hasAttribute("lang", "fr");
        // the production figures as French writes numbers: a comma before the decimals
        assertThat(page.locator("#kpi-output .kpi-value")).containsText(",");

        // the switch: Polish now, and at the next sign-in, whatever the browser asks for
        page.locator("#language").evaluate("s => s.click()");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Polski"))
                .evaluate("o => o.click()");
        assertThat(page.locator("#main-nav")).containsText("Pulpit");
        Page english = chromium.newPage("en-US");
        english.navigate(base() + "/login");
        english.getByLabel("Username").fill("admin");
        english.getByLabel("Password", new Page.GetByLabelOptions().setExact(true))
                .fill(Credentials.password("admin"));
        english.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
                .click();
        assertThat(english.locator("#main-nav")).containsText("Pulpit");
        assertThat(english.locator("#kpi-output")).containsText("Wyroby");
    }
}
