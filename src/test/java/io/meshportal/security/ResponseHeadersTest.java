package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.support.TempDataDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every page, Vaadin's own included, says nosniff and a referrer policy; the session cookie is SameSite. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResponseHeadersTest extends TempDataDir {

    @LocalServerPort
    int port;

    @Test
    void pagesAndTheSessionCookieAreHardened() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String path : new String[] {"/login", "/", "/styles/meshportal.css"}) {
            HttpResponse<Void> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.headers().firstValue("X-Content-Type-Options"))
                    .as(path)
                    .hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy"))
                    .as(path)
                    .hasValue("strict-origin-when-cross-origin");
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"));
            assertThat(response.headers().firstValue("X-Frame-Options"))
                    .as(path)
                    .hasValue("DENY");
            response.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID"))
                    .forEach(cookie ->
                            assertThat(cookie).as(path).contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
        }
    }

    /** Behind a TLS-terminating proxy (X-Forwarded-Proto from a trusted internal address) the cookie is Secure. */
    @Test
    void behindTlsTheSessionCookieIsSecure() throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                                .header("X-Forwarded-Proto", "https")
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
        assertThat(response.headers().allValues("Set-Cookie"))
                .filteredOn(c -> c.startsWith("JSESSIONID"))
                .isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).contains("Secure"));
    }
}
