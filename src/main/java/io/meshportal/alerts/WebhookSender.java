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
 * POSTs an alert as JSON to a rule's webhook: 2 s timeout per attempt, 3 attempts with backoff, no redirects
 * followed. Signed like GitHub's and Stripe's webhooks: {@code X-MeshPortal-Timestamp} (epoch seconds) and
 * {@code X-MeshPortal-Signature-256: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the rule's secret>}, so
 * a receiver can tell the portal's calls from forgeries and refuse replays (an old timestamp). The destination is
 * checked by the {@link WebhookPolicy} before every attempt. Returns a status line for the alert's record, so
 * failures are visible to users.
 */
class WebhookSender {

    static final int ATTEMPTS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    static final String TIMESTAMP = "X-MeshPortal-Timestamp";
    static final String SIGNATURE = "X-MeshPortal-Signature-256";

    private final Duration timeout;
    private final Duration backoff;
    private final WebhookPolicy policy;
    private final java.time.Clock clock;

    WebhookSender(Duration timeout, Duration backoff) {
        this(timeout, backoff, new WebhookPolicy(java.util.List.of()), java.time.Clock.systemUTC());
    }

    WebhookSender(Duration timeout, Duration backoff, WebhookPolicy policy, java.time.Clock clock) {
        this.timeout = timeout;
        this.backoff = backoff;
        this.policy = policy;
        this.clock = clock;
    }

    /** The signature header's value for a body sent at {@code timestamp}. */
    static String signature(String secret, long timestamp, String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256=" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
        }
    }

    String send(String url, String secret, AlertView alert, String state) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "meshportal");
        body.put("state", state);
        body.put("rule", alert.ruleName());
        body.put("kind", alert.kind() == null ? null : alert.kind().name());
        body.put("severity", alert.severity().name());
        body.put("factoryId", alert.factoryId());
        body.put("subject", alert.subject());
        body.put("value", alert.value());
        body.put("threshold", alert.threshold());
        body.put("firedAt", alert.firedAt().toString());
        body.put(
                "resolvedAt",
                alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        String json = JSON.writeValueAsString(body);
        String last = "not sent";
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            String refused = policy.refusal(url);
            if (refused != null) {
                return state + " not sent: " + refused;
            }
            long timestamp = clock.instant().getEpochSecond();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header(TIMESTAMP, String.valueOf(timestamp))
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            if (secret != null) {
                request.header(SIGNATURE, signature(secret, timestamp, json));
            }
            try {
                int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding())
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
