package io.meshportal.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The factory API v1 over real HTTP on loopback. */
class FactoryApiContractTest {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static FactoryServer server;

    @BeforeAll
    static void start() throws Exception {
        server = FactoryServer.onLoopback(FactorySpec.furniture("lyon-2", "Lyon Two", "FR"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void snapshotHasEveryFieldWithItsType() throws Exception {
        HttpResponse<String> response = get(server, FactoryServer.TELEMETRY);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode n = JSON.readTree(response.body());
        assertThat(n.get("factoryId").asString()).isEqualTo("lyon-2");
        assertThat(n.get("name").asString()).isEqualTo("Lyon Two");
        assertThat(n.get("country").asString()).isEqualTo("FR");
        assertThat(n.get("version").isString()).isTrue();
        assertThat(java.time.Instant.parse(n.get("timestamp").asString())).isNotNull();
        assertThat(n.get("state").asString()).isIn("RUNNING", "IDLE", "DOWN", "MAINTENANCE");
        JsonNode input = n.get("inputs").get(0);
        assertThat(input.get("material").asString()).isEqualTo("wood");
        assertThat(input.get("unit").isString()).isTrue();
        for (String f : List.of("ratePerMinute", "total", "stock")) {
            assertThat(input.get(f).isNumber()).as(f).isTrue();
        }
        assertThat(n.get("outputs")).hasSize(2);
        JsonNode output = n.get("outputs").get(0);
        assertThat(output.get("product").asString()).isEqualTo("chair");
        assertThat(output.get("ratePerMinute").isNumber()).isTrue();
        assertThat(output.get("total").isIntegralNumber()).isTrue();
        assertThat(output.get("rejected").isIntegralNumber()).isTrue();
        for (String f : List.of("availability", "performance", "quality", "oee")) {
            assertThat(n.get("oee").get(f).asDouble()).as(f).isBetween(0.0, 1.0);
        }
        assertThat(n.get("shiftHours").asInt()).as("the shift its OEE covers").isEqualTo(8);
        // a factory older than shiftHours is still read (the field is then null)
        String older = response.body().replace(",\"shiftHours\":8", "");
        assertThat(older).doesNotContain("shiftHours");
        assertThat(TelemetryJson.read(older.getBytes(StandardCharsets.UTF_8)).shiftHours())
                .isNull();
        // and the portal's reader accepts it
        assertThat(TelemetryJson.read(response.body().getBytes(StandardCharsets.UTF_8))
                        .factoryId())
                .isEqualTo("lyon-2");
    }

    @Test
    void twoReplicasReportTheSameNumbersForTheSameInstant() throws Exception {
        try (FactoryServer replica = FactoryServer.onLoopback(FactorySpec.furniture("lyon-2", "Lyon Two", "FR"))) {
            String at = "?at=2026-05-04T13:14:15Z";
            assertThat(get(replica, FactoryServer.TELEMETRY + at).body())
                    .isEqualTo(get(server, FactoryServer.TELEMETRY + at).body());
        }
    }

    @Test
    void streamSendsOneTelemetryEventPerSecond() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + FactoryServer.STREAM))
                .build();
        HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        List<Map<String, String>> events = new ArrayList<>();
        long start = System.nanoTime();
        try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Map<String, String> event = new java.util.HashMap<>();
            String line;
            while (events.size() < 3 && (line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (event.containsKey("data")) {
                        events.add(event);
                    }
                    event = new java.util.HashMap<>();
                } else {
                    int colon = line.indexOf(':');
                    event.put(
                            line.substring(0, colon), line.substring(colon + 1).strip());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(events).hasSize(3).allSatisfy(e -> {
            assertThat(e.get("event")).isEqualTo("telemetry");
            assertThat(e.get("id")).matches("\\d+");
            assertThat(TelemetryJson.read(e.get("data").getBytes(StandardCharsets.UTF_8))
                            .factoryId())
                    .isEqualTo("lyon-2");
        });
        assertThat(Long.parseLong(events.get(2).get("id")))
                .isGreaterThan(Long.parseLong(events.get(0).get("id")));
        assertThat(seconds).isBetween(0.9, 4.0);
    }

    @Test
    void probesAndMetrics() throws Exception {
        assertThat(get(server, "/healthz").body()).contains("UP");
        assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(server, "/metrics");
        assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body())
                .contains("# TYPE meshportal_factory_output_total counter")
                .containsPattern("meshportal_factory_output_total\\{factory=\"lyon-2\",product=\"chair\"} \\d+")
                .containsPattern("meshportal_factory_oee_ratio\\{factory=\"lyon-2\",factor=\"oee\"} [0-9.]+");
    }

    @Test
    void mistakesGetJsonErrorsWithTheRightStatus() throws Exception {
        assertError(get(server, "/api/v2/telemetry"), 404, "not_found");
        assertError(get(server, FactoryServer.TELEMETRY + "?foo=bar"), 400, "unknown_parameter");
        assertError(get(server, FactoryServer.TELEMETRY + "?at=yesterday"), 400, "bad_parameter");
        assertError(
                get(server, FactoryServer.TELEMETRY + "?at=2026-01-01T00:00:00Z&at=2026-01-02T00:00:00Z"),
                400,
                "bad_request");
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + FactoryServer.TELEMETRY))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(post, 405, "method_not_allowed");
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void faultsCannotBeSwitchedFromTheNetworkByDefault() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/fault?mode=error"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(server.fault()).isEqualTo(Fault.NONE);
    }

    @Test
    void faultControlWhenExplicitlyEnabled() throws Exception {
        try (FactoryServer test = new FactoryServer(
                        FactorySpec.furniture("chaos-1", "Chaos", "DE"),
                        InetAddress.getLoopbackAddress(),
                        0,
                        Clock.systemUTC(),
                        true)
                .start()) {
            HttpRequest error = HttpRequest.newBuilder(URI.create(test.baseUrl() + "/fault?mode=error"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            assertThat(HTTP.send(error, HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            assertError(get(test, FactoryServer.TELEMETRY), 500, "internal_error");
            test.fault(Fault.GARBAGE);
            HttpResponse<String> garbage = get(test, FactoryServer.TELEMETRY);
            assertThat(garbage.statusCode()).isEqualTo(200);
            assertThat(catchMalformed(garbage.body())).isTrue();
            test.fault(Fault.HUGE);
            assertThat(get(test, FactoryServer.TELEMETRY).body()).hasSize(10 * 1024 * 1024);
            test.fault(Fault.NONE);
            assertThat(get(test, FactoryServer.TELEMETRY).statusCode()).isEqualTo(200);
        }
    }

    private static boolean catchMalformed(String body) {
        try {
            TelemetryJson.read(body.getBytes(StandardCharsets.UTF_8));
            return false;
        } catch (IllegalArgumentException expected) {
            return true;
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode n = JSON.readTree(response.body());
        assertThat(n.get("error").asString()).isEqualTo(code);
        assertThat(n.get("message").asString()).isNotBlank();
    }

    static HttpResponse<String> get(FactoryServer target, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
