package io.meshportal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.audit.AuditLog;
import io.meshportal.support.TempDataDir;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Guessing is slowed, never turned into a lock-out: per account and address, per address, per account; a throttled
 * attempt is answered as a wrong password is, and audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoginThrottleTest extends TempDataDir {

    static final SecurityProperties PROPS = new SecurityProperties(null, false, 3, Duration.ofMinutes(15), true);

    /** A clock the test moves. */
    static final class Ticking extends Clock {
        Instant now = Instant.parse("2026-11-26T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    AuditLog audit;

    @Test
    void delaysGrowPerAccountAndAddressWhileTheRealUserElsewhereIsNotKeptOut() {
        Ticking clock = new Ticking();
        LoginThrottle throttle = new LoginThrottle(PROPS, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.waitFor("admin", "10.0.0.66")).isZero();
            throttle.failed("admin", "10.0.0.66");
        }
        assertThat(throttle.waitFor("admin", "10.0.0.66")).isEqualTo(Duration.ofSeconds(1));
        throttle.failed("admin", "10.0.0.66");
        assertThat(throttle.waitFor("admin", "10.0.0.66")).isEqualTo(Duration.ofSeconds(2));
        throttle.failed("admin", "10.0.0.66");
        assertThat(throttle.waitFor("admin", "10.0.0.66")).isEqualTo(Duration.ofSeconds(4));
        // the real administrator, from their own address, is not affected
        assertThat(throttle.waitFor("admin", "10.0.0.7")).isZero();
        // a guesser at many addresses slows the account down, by at most two seconds for anybody
        for (int i = 0; i < 200; i++) {
            throttle.failed("admin", "192.0.2." + (i % 250));
        }
        assertThat(throttle.waitFor("admin", "10.0.0.7"))
                .isBetween(Duration.ofMillis(1), LoginThrottle.ACCOUNT_DELAY_CAP);
        clock.now = clock.now.plusSeconds(3);
        assertThat(throttle.waitFor("admin", "10.0.0.7")).isZero();
        // the guesser's own address waits longer and longer, up to the maximum
        for (int i = 0; i < 40; i++) {
            throttle.failed("admin", "10.0.0.66");
        }
        assertThat(throttle.waitFor("admin", "10.0.0.66")).isEqualTo(Duration.ofMinutes(15));
        // a success clears that account's counts for the address; counts older than an hour are forgotten
        throttle.succeeded("admin", "10.0.0.7");
        assertThat(throttle.waitFor("admin", "10.0.0.7")).isZero();
        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThat(throttle.waitFor("admin", "10.0.0.66")).isZero();
    }

    @Test
    void sprayingOneAddressAcrossAccountsIsThrottledAndUnknownNamesCountTheSame() {
        Ticking clock = new Ticking();
        LoginThrottle throttle = new LoginThrottle(PROPS, clock);
        for (int i = 0; i < 30; i++) {
            throttle.failed("no-such-user-" + i, "10.0.0.99");
        }
        assertThat(throttle.waitFor("someone-else", "10.0.0.99")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("someone-else", "10.0.0.100")).isZero();
    }

    @Test
    void aThrottledAttemptIsAnsweredAsAWrongPasswordAndAudited() throws Exception {
        users.ensure("throttle-http", "right-password-http-1", Role.OFFICE_MANAGER, null);
        String wrongAnswer = post("throttle-http", "wrong-password");
        assertThat(wrongAnswer).isEqualTo("302 /login?error");
        assertThat(post("nobody-at-all", "wrong-password")).as("unknown user").isEqualTo(wrongAnswer);
        for (int i = 0; i < 4; i++) { // five failures in all (the test context allows five)
            post("throttle-http", "wrong-password");
        }
        // the sixth attempt comes too soon: even the right password gets the wrong-password answer
        assertThat(post("throttle-http", "right-password-http-1")).isEqualTo(wrongAnswer);
        users.ensure("throttle-reader", "irrelevant-password-tr", Role.OFFICE_MANAGER, null);
        Viewer office = users.signIn("throttle-reader");
        TestUsers.signOut();
        assertThat(audit.recent(office, 50)).anySatisfy(r -> {
            assertThat(r.action()).isEqualTo("login.throttled");
            assertThat(r.target()).isEqualTo("throttle-http");
            assertThat(r.detail()).startsWith("from 127.0.0.1, wait ");
        });
        // after the wait the right password works
        Thread.sleep(1100);
        String signedIn = post("throttle-http", "right-password-http-1");
        assertThat(signedIn).isNotEqualTo(wrongAnswer).startsWith("302 /");
    }

    @Test
    void aSignInPostedFromAnotherSiteIsRefused() throws Exception {
        users.ensure("csrf-target", "csrf-target-password-1", Role.OFFICE_MANAGER, null);
        assertThat(post("csrf-target", "csrf-target-password-1", "https://evil.example", null))
                .startsWith("403");
        assertThat(post("csrf-target", "csrf-target-password-1", null, "cross-site"))
                .startsWith("403");
        assertThat(post("csrf-target", "csrf-target-password-1", "null", null)).startsWith("403");
        // the portal's own form: same origin
        assertThat(post("csrf-target", "csrf-target-password-1", "http://localhost:" + port, "same-origin"))
                .startsWith("302 /")
                .doesNotContain("error");
    }

    String post(String username, String password) throws Exception {
        return post(username, password, null, null);
    }

    /** Status and Location of a sign-in form post, as the browser sees them. */
    String post(String username, String password, String origin, String fetchSite) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (fetchSite != null) {
            request.header("Sec-Fetch-Site", fetchSite);
        }
        HttpResponse<Void> answer = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        String location = answer.headers().firstValue("Location").orElse("");
        return answer.statusCode() + " " + URI.create(location).getPath()
                + (URI.create(location).getQuery() == null
                        ? ""
                        : "?" + URI.create(location).getQuery());
    }
}
