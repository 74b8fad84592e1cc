package io.meshportal.security;

import com.microsoft.playwright.Page;
import io.meshportal.support.Chromium;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real OpenID Connect provider for the tests (mock-oauth2-server: discovery, JWKS, signed ID tokens, and a login
 * page where the test types the subject and the claims). Its port is chosen before the portal starts, so the
 * provider can be started later (down at first).
 */
final class TestIdentityProvider {

    static final String ISSUER_ID = "acme";

    final int port = freePort();
    private MockOAuth2Server server;

    /** The portal's single-sign-on settings pointing here, with the three groups mapped to the three roles. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("meshportal.security.oidc.issuer-uri", () -> "http://localhost:" + port + "/" + ISSUER_ID);
        registry.add("meshportal.security.oidc.client-id", () -> "meshportal");
        registry.add("meshportal.security.oidc.client-secret", () -> "test-only-client-secret");
        registry.add("meshportal.security.oidc.display-name", () -> "Acme account");
        registry.add("meshportal.security.oidc.roles.ADMIN", () -> "portal-admins");
        registry.add("meshportal.security.oidc.roles.OFFICE_MANAGER", () -> "portal-office");
        registry.add("meshportal.security.oidc.roles.FACTORY_MANAGER", () -> "portal-factory");
        registry.add("meshportal.security.oidc.timeout", () -> "3s");
    }

    synchronized void start() {
        if (server == null) {
            server = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
            server.start(port);
        }
    }

    synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }

    /**
     * Through the portal's button, the provider's own login page (subject and claims typed in), and back, in a
     * fresh browser context. The claims get {@code preferred_username} = the subject, as Keycloak and Entra ID send
     * the user name (the portal's default username claim).
     */
    Page signIn(Chromium chromium, String portal, String subject, String claimsJson) {
        Page page = chromium.newPage();
        page.navigate(portal + "/login");
        page.locator("#sso-sign-in").click();
        page.waitForURL(Pattern.compile("http://localhost:" + port + "/.*"));
        page.locator("input[name=username]").fill(subject);
        page.locator("textarea[name=claims]")
                .fill("{\"preferred_username\": \"" + subject + "\", " + claimsJson.substring(1));
        page.locator("input[type=submit]").click();
        page.waitForURL(Pattern.compile(Pattern.quote(portal) + "/.*"));
        page.locator("#current-user, #sso-error:visible").first().waitFor();
        return page;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
