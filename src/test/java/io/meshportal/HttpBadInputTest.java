package io.meshportal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.support.TempDataDir;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every HTTP endpoint of the portal and of the factory service fed hostile paths, query values, methods and
 * bodies over real HTTP: never a 5xx, never a stack trace or an internal class name in the answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpBadInputTest extends TempDataDir {

    static final List<String> VALUES = List.of(
            "",
            "x".repeat(3000),
            "nul\u0000byte",
            "line\r\nInjected: header",
            "'; DROP TABLE user_account; --",
            "<script>alert(1)</script>",
            "../../../../etc/passwd",
            "${jndi:ldap://x/a}",
            "\u202Eexe.txt",
            "Zürich 工厂 🏭",
            "%00",
            "-1",
            "99999999999999999999999",
            "2026-13-45T25:61:00Z",
            "NaN");
    static final Pattern LEAK = Pattern.compile(
            "Exception|\\bat (io|java|org|com)\\.|io\\.meshportal|"
                    + "org\\.springframework|java\\.lang|SQLITE|hibernate",
            Pattern.CASE_INSENSITIVE);
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    int port;

    @Test
    void thePortalAnswersHostileRequestsWithoutErrorsOrInternals() throws Exception {
        List<String> wrong = new ArrayList<>();
        String base = "http://localhost:" + port;
        for (String value : VALUES) {
            String v = URLEncoder.encode(value, StandardCharsets.UTF_8);
            for (String path : List.of(
                    "/factories/" + v,
                    "/mesh/" + v,
                    "/wall?mode=" + v + "&every=" + v,
                    "/?range=" + v,
                    "/login?error=" + v,
                    "/" + v,
                    "/actuator/health/" + v,
                    "/VAADIN/" + v,
                    "/?v-r=init&location=" + v,
                    "/?v-r=uidl&v-uiId=" + v,
                    "/VAADIN/push?v-r=push&v-uiId=" + v)) {
                check(
                        wrong,
                        "GET " + path,
                        HTTP.send(
                                HttpRequest.newBuilder(URI.create(base + path))
                                        .GET()
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()));
            }
            String form = "username=" + v + "&password=" + v;
            check(
                    wrong,
                    "POST /login " + show(value),
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/login"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .timeout(Duration.ofSeconds(10))
                                    .POST(HttpRequest.BodyPublishers.ofString(form))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
            check(
                    wrong,
                    "POST uidl " + show(value),
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + "/?v-r=uidl&v-uiId=0"))
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(10))
                                    .POST(HttpRequest.BodyPublishers.ofString(value))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }
        for (String raw : List.of(
                "/%2e%2e/%2e%2e/etc/passwd",
                "/..;/actuator/env", "/actuator/env", "/actuator/heapdump", "/%00", "/" + "a/".repeat(2000))) {
            check(wrong, "GET " + raw, rawGet(port, raw));
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theFactoryServiceAnswersHostileRequestsWithJsonErrors() throws Exception {
        try (FactoryServer factory = FactoryServer.onLoopback(FactorySpec.furniture("sweep-1", "Sweep", "DE"))) {
            List<String> wrong = new ArrayList<>();
            for (String value : VALUES) {
                String v = URLEncoder.encode(value, StandardCharsets.UTF_8);
                for (String path : List.of(
                        "api/v1/telemetry?at=" + v,
                        "api/v1/telemetry?" + v + "=1",
                        "api/v1/" + v,
                        v,
                        "healthz?x=" + v)) {
                    HttpResponse<String> r = HTTP.send(
                            HttpRequest.newBuilder(URI.create(factory.baseUrl() + "/" + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    check(wrong, "factory GET " + path, r);
                    if (r.statusCode() >= 400) {
                        assertThat(r.headers().firstValue("content-type"))
                                .as(path)
                                .hasValueSatisfying(t -> assertThat(t).contains("json"));
                    }
                }
                check(
                        wrong,
                        "factory POST body " + show(value),
                        HTTP.send(
                                HttpRequest.newBuilder(URI.create(factory.baseUrl() + "/api/v1/telemetry"))
                                        .POST(HttpRequest.BodyPublishers.ofString(value))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()));
            }
            for (String raw :
                    List.of("/%2e%2e/%2e%2e/etc/passwd", "/api/v1/telemetry?at=%00", "/" + "a/".repeat(2000))) {
                check(wrong, "factory GET " + raw, rawGet(factory.port(), raw));
            }
            assertThat(wrong).isEmpty();
        }
    }

    private static void check(List<String> wrong, String what, HttpResponse<String> r) {
        check(wrong, what, r.statusCode(), r.body());
    }

    private static void check(List<String> wrong, String what, int status, String body) {
        if (status >= 500) {
            wrong.add(what + " → " + status);
        }
        var leak = LEAK.matcher(body == null ? "" : body);
        if (leak.find()) {
            wrong.add(what + " → " + status + " shows '" + leak.group() + "'");
        }
    }

    /** Paths the JDK client would normalise or refuse, sent as they are. */
    private static HttpResponse<String> rawGet(int port, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : 0;
            return new RawResponse(status, answer.substring(Math.max(0, answer.indexOf("\r\n\r\n"))));
        }
    }

    private static String show(String value) {
        return "'" + (value.length() > 20 ? value.substring(0, 20) + "…" : value).replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** Just enough of an HttpResponse for {@link #check}. */
    private record RawResponse(int statusCode, String body) implements HttpResponse<String> {
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
        }

        public HttpRequest request() {
            return null;
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        public URI uri() {
            return null;
        }

        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
