package io.meshportal.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs an alert as JSON to a rule's webhook: 2 s timeout per attempt, 3 attempts with backoff. Returns a
 * status line for the alert's record, so failures are visible to users.
 */
class WebhookSender {

    static final int ATTEMPTS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Duration timeout;
    private final Duration backoff;

    WebhookSender(Duration timeout, Duration backoff) {
        this.timeout = timeout;
        this.backoff = backoff;
    }

    String send(String url, AlertView alert, String state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "meshportal");
        body.put("state", state);
        body.put("rule", alert.ruleName());
        body.put("kind", alert.kind().name());
        body.put("severity", alert.severity().name());
        body.put("factoryId", alert.factoryId());
        body.put("subject", alert.subject());
        body.put("value", alert.value());
        body.put("threshold", alert.threshold());
        body.put("firedAt", alert.firedAt().toString());
        body.put(
                "resolvedAt",
                alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        String last = "not sent";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                if (status >= 200 && status < 300) {
                    return state + " delivered (HTTP " + status + ") after " + attempt + " attempt(s)";
                }
                last = "HTTP " + status;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state + " not delivered: interrupted";
            }
            if (attempt < ATTEMPTS) {
                try {
                    Thread.sleep(backoff.toMillis() * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return state + " not delivered: interrupted";
                }
            }
        }
        return state + " FAILED after " + ATTEMPTS + " attempts: " + last;
    }
}
