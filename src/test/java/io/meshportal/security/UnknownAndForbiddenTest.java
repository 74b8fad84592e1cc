package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.support.TempDataDir;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * For a signed-in user, a page that does not exist and a page they may not open answer alike: the same status and
 * the same page, so the answer does not tell which pages exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnknownAndForbiddenTest extends TempDataDir {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Test
    void unknownAndForbiddenPagesAnswerAlike() throws Exception {
        users.ensure("probe-manager", "probe-manager-password-1", Role.FACTORY_MANAGER, "lyon-1");
        HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String form = "username=probe-manager&password="
                + URLEncoder.encode("probe-manager-password-1", StandardCharsets.UTF_8);
        HttpResponse<Void> login = client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(login.statusCode()).isEqualTo(302);
        HttpResponse<String> unknown = get(client, "/no-such-page");
        HttpResponse<String> forbidden = get(client, "/users");
        HttpResponse<String> otherFactory = get(client, "/factories/berlin-1");
        System.out.println(
                "UNKNOWN " + unknown.statusCode() + " " + unknown.body().length());
        System.out.println(
                "FORBIDDEN " + forbidden.statusCode() + " " + forbidden.body().length());
        System.out.println(
                "OTHER " + otherFactory.statusCode() + " " + otherFactory.body().length());
        assertThat(unknown.statusCode()).isEqualTo(forbidden.statusCode()).isEqualTo(otherFactory.statusCode());
        assertThat(strip(unknown.body())).isEqualTo(strip(forbidden.body())).isEqualTo(strip(otherFactory.body()));
    }

    /** The page without what differs per request (its own path, per-request tokens). */
    static String strip(String body) {
        return body.replaceAll("(?s)<base[^>]*>", "").replaceAll("\"[A-Za-z0-9_-]{20,}\"", "\"x\"");
    }

    HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
