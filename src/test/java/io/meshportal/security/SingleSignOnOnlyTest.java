package io.meshportal.security;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Page;
import io.meshportal.support.BrowserTest;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Local accounts switched off: only the provider's sign-in is offered and accepted. */
class SingleSignOnOnlyTest extends BrowserTest {

    static final TestIdentityProvider provider = new TestIdentityProvider();

    @Autowired
    TestUsers users;

    @Autowired
    RegistrationService registration;

    @DynamicPropertySource
    static void singleSignOnOnly(DynamicPropertyRegistry registry) {
        provider.register(registry);
        registry.add("meshportal.security.local-accounts", () -> "false");
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @Test
    void onlyTheProvidersSignInIsOfferedAndAccepted() throws Exception {
        users.ensure("sso-only-local", "sso-only-local-password-1", Role.ADMIN, null);
        Page page = chromium.newPage();
        page.navigate(base() + "/login");
        assertThat(page.locator("#sso-sign-in")).containsText("Sign in with Acme account");
        assertThat(page.locator("vaadin-login-form")).hasCount(0);
        assertThat(page.locator("#request-account-link")).hasCount(0);

        // a local account's right password, posted as the form would: refused like a wrong one
        assertThat(postLogin("sso-only-local", "sso-only-local-password-1")).contains("/login?error");

        page.navigate(base() + "/request-account");
        assertThat(page.locator("#request-closed")).containsText("Ask your administrator");
        assertThat(registration.open()).isFalse();
        assertThatThrownBy(() -> registration.request("someone", "Some One", null, "a-long-password-1", "127.0.0.1"))
                .isInstanceOf(UserRequestException.class);

        provider.start();
        Page signedIn = provider.signIn(chromium, base(), "sso-only-olga", "{\"groups\": [\"portal-office\"]}");
        assertThat(signedIn.locator("#current-user")).containsText("sso-only-olga");
    }

    private String postLogin(String username, String password) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<Void> answer = client.send(
                HttpRequest.newBuilder(URI.create(base() + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return answer.statusCode() + " "
                + answer.headers().firstValue("Location").orElse("");
    }
}
