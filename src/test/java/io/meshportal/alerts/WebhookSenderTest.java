package io.meshportal.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against real HTTP servers on loopback (allowed here by name, as an operator would list a host): one that
 * accepts, one that fails, one that hangs, one that redirects; signatures a receiver can verify; destinations that
 * are refused without the allow-list.
 */
class WebhookSenderTest {

    static final AlertView ALERT = new AlertView(
            7L,
            1L,
            "Low output",
            RuleKind.OUTPUT_RATE_BELOW,
            Severity.CRITICAL,
            "lyon-1",
            "lyon-1",
            0.5,
            2.0,
            Instant.parse("2026-05-01T10:00:00Z"),
            null,
            null,
            null,
            null);

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<com.sun.net.httpserver.Headers> headers = new CopyOnWriteArrayList<>();
    static final WebhookPolicy LOOPBACK_ALLOWED = new WebhookPolicy(List.of("127.0.0.1"));
    static final String SECRET = "rule-secret-for-tests";

    static WebhookSender sender(Duration timeout) {
        return new WebhookSender(timeout, Duration.ofMillis(10), LOOPBACK_ALLOWED, java.time.Clock.systemUTC());
    }

    final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String start(int status, long delayMillis) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hook", exchange -> {
            calls.incrementAndGet();
            headers.add(exchange.getRequestHeaders());
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Test
    void deliversTheAlertAsJson() throws Exception {
        String status = sender(Duration.ofSeconds(2)).send(start(204, 0), SECRET, ALERT, "FIRING");
        assertThat(status).isEqualTo("FIRING delivered (HTTP 204) after 1 attempt(s)");
        assertThat(bodies)
                .singleElement()
                .asString()
                .contains(
                        "\"state\":\"FIRING\"",
                        "\"rule\":\"Low output\"",
                        "\"severity\":\"CRITICAL\"",
                        "\"factoryId\":\"lyon-1\"",
                        "\"threshold\":2.0");
    }

    @Test
    void retriesAFailingTargetAndSaysItFailed() throws Exception {
        String status = sender(Duration.ofSeconds(2)).send(start(500, 0), SECRET, ALERT, "FIRING");
        assertThat(calls).hasValue(WebhookSender.ATTEMPTS);
        assertThat(status).isEqualTo("FIRING FAILED after 3 attempts: HTTP 500");
    }

    @Test
    void aHungTargetTimesOut() throws Exception {
        long start = System.nanoTime();
        String status = sender(Duration.ofMillis(300)).send(start(200, 5_000), SECRET, ALERT, "RESOLVED");
        assertThat(status).startsWith("RESOLVED FAILED after 3 attempts: HttpTimeoutException");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aReceiverCanVerifyTheSignatureAndTheTimestamp() throws Exception {
        long before = Instant.now().getEpochSecond();
        sender(Duration.ofSeconds(2)).send(start(204, 0), SECRET, ALERT, "FIRING");
        var h = headers.getFirst();
        long timestamp = Long.parseLong(h.getFirst(WebhookSender.TIMESTAMP));
        assertThat(timestamp).isBetween(before, Instant.now().getEpochSecond());
        // what a receiver computes: HMAC-SHA256 of "<timestamp>.<body>" with the rule's secret
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256="
                + java.util.HexFormat.of()
                        .formatHex(mac.doFinal((timestamp + "." + bodies.getFirst()).getBytes(StandardCharsets.UTF_8)));
        assertThat(h.getFirst(WebhookSender.SIGNATURE)).isEqualTo(expected);
        // a forgery with another secret, or the same body replayed under another timestamp, does not match
        assertThat(WebhookSender.signature("another-secret", timestamp, bodies.getFirst()))
                .isNotEqualTo(expected);
        assertThat(WebhookSender.signature(SECRET, timestamp + 1, bodies.getFirst()))
                .isNotEqualTo(expected);
    }

    @Test
    void internalDestinationsAreRefusedUnlessListed() throws Exception {
        WebhookPolicy open = new WebhookPolicy(List.of());
        for (String url : List.of(
                "http://127.0.0.1:9/x",
                "http://localhost:9/x",
                "http://[::1]:9/x",
                "http://0.0.0.0:9/x",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fe80::1]/x",
                "http://[fd00:ec2::254]/latest/meta-data/")) {
            assertThat(open.refusal(url)).as(url).startsWith("Refused:");
        }
        assertThat(open.refusal("ftp://example.com/x")).isEqualTo("An http:// or https:// URL");
        assertThat(open.refusal("http://10.1.2.3/hook"))
                .as("a private network receiver")
                .isNull();
        // an allow-list admits only its hosts
        WebhookPolicy listed = new WebhookPolicy(List.of("hooks.example.com"));
        assertThat(listed.refusal("http://10.1.2.3/hook")).startsWith("Webhooks may go only to hooks.example.com");
        // and a delivery checks again: nothing is sent to a refused address
        String url = start(204, 0);
        String status = new WebhookSender(
                        Duration.ofSeconds(1), Duration.ofMillis(10), open, java.time.Clock.systemUTC())
                .send(url, SECRET, ALERT, "FIRING");
        assertThat(status).startsWith("FIRING not sent: Refused:");
        assertThat(calls).hasValue(0);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        String target = start(204, 0);
        HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        redirecting.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Location", target);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        redirecting.start();
        try {
            String status = sender(Duration.ofSeconds(2))
                    .send("http://127.0.0.1:" + redirecting.getAddress().getPort() + "/", SECRET, ALERT, "FIRING");
            assertThat(status).isEqualTo("FIRING FAILED after 3 attempts: HTTP 302");
            assertThat(calls).as("the redirect's target was never called").hasValue(0);
        } finally {
            redirecting.stop(0);
        }
    }
}
