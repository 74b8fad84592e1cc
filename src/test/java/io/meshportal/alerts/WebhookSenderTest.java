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

/** Webhooks against real HTTP servers on loopback: one that accepts, one that fails, one that hangs. */
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
    final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String start(int status, long delayMillis) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/hook", exchange -> {
            calls.incrementAndGet();
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
        String status =
                new WebhookSender(Duration.ofSeconds(2), Duration.ofMillis(10)).send(start(204, 0), ALERT, "FIRING");
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
        String status =
                new WebhookSender(Duration.ofSeconds(2), Duration.ofMillis(10)).send(start(500, 0), ALERT, "FIRING");
        assertThat(calls).hasValue(WebhookSender.ATTEMPTS);
        assertThat(status).isEqualTo("FIRING FAILED after 3 attempts: HTTP 500");
    }

    @Test
    void aHungTargetTimesOut() throws Exception {
        long start = System.nanoTime();
        String status = new WebhookSender(Duration.ofMillis(300), Duration.ofMillis(10))
                .send(start(200, 5_000), ALERT, "RESOLVED");
        assertThat(status).startsWith("RESOLVED FAILED after 3 attempts: HttpTimeoutException");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
}
