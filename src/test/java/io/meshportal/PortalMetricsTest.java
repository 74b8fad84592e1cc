package io.meshportal;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.fleet.FleetService;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the portal exports at /actuator/prometheus: its own per-factory and per-cluster series (bounded: one per
 * factory or cluster), the embedded proxies' Istio-named series, and alerts firing; promtool parses it and finds
 * nothing wrong with the portal's own series; a factory's /metrics passes promtool without a remark.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PortalMetricsTest extends TempDataDir {

    @LocalServerPort
    int port;

    @Autowired
    FleetService fleet;

    final HttpClient client = HttpClient.newHttpClient();

    String get(String url) throws Exception {
        return client.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Test
    void theExportHasThePortalsOwnSeriesAndPassesPromtool() throws Exception {
        String url = "http://localhost:" + port + "/actuator/prometheus";
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(url).contains("istio_requests_total"));
        String text = get(url);
        assertThat(text)
                .contains("meshportal_factory_up{factory=\"berlin-1\"} 1.0")
                .contains("meshportal_factory_sample_age_seconds{factory=\"berlin-1\"}")
                .contains("meshportal_factory_poll_latency_seconds{factory=\"berlin-1\"}")
                .contains("meshportal_factory_output_rate{factory=\"berlin-1\"}")
                .contains("meshportal_factory_oee{factory=\"berlin-1\"}")
                .contains("meshportal_fleet_oee")
                .contains("meshportal_cluster_reachable{cluster=\"local\"} 1.0")
                .contains("meshportal_alerts_firing{severity=\"CRITICAL\"}")
                .contains("istio_request_duration_milliseconds_bucket{")
                .contains("source_workload=\"meshportal\"");
        // bounded: the portal's factory series carry no label but the factory
        assertThat(text.lines().filter(l -> l.startsWith("meshportal_factory_up{")))
                .allMatch(l -> l.matches("meshportal_factory_up\\{factory=\"[a-z0-9-]+\"} [0-9.]+"));

        // promtool parses it (exit 1 would be a broken exposition) and has no remark on the portal's own series.
        // What it lists is other libraries' meters without help text, and Istio's metric name, which says
        // "milliseconds" where promtool wants base units: the name is Istio's, kept so the same PromQL matches.
        Lint lint = promtool(text);
        assertThat(lint.exit()).as(lint.output()).isIn(0, 3);
        assertThat(lint.output().lines().filter(l -> l.startsWith("meshportal_")))
                .as(lint.output())
                .isEmpty();
        assertThat(lint.output().lines().filter(l -> l.startsWith("istio_")))
                .allMatch(l -> l.contains("use base unit \"seconds\" instead of \"milliseconds\""));

        // a factory's own /metrics passes without a single remark
        String factoryMetrics = get(factoryUrl() + "/metrics");
        assertThat(factoryMetrics).contains("factory_");
        Lint factoryLint = promtool(factoryMetrics);
        assertThat(factoryLint.exit()).as(factoryLint.output()).isZero();
    }

    /**
     * The monitoring examples in docs/monitoring: the scrape config is a valid Prometheus config, every dashboard
     * query is valid PromQL (checked as recording rules by promtool), and every series it reads is exported.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theMonitoringExamplesAreValidAndReadExportedSeries(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Process config = new ProcessBuilder("promtool", "check", "config", "docs/monitoring/prometheus.yml")
                .redirectErrorStream(true)
                .start();
        String configOut = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor()).as(configOut).isZero();

        var dashboard = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(java.nio.file.Files.readString(
                        java.nio.file.Path.of("docs/monitoring/grafana-dashboard.json")));
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        java.util.Set<String> series = new java.util.TreeSet<>();
        int i = 0;
        for (var panel : dashboard.path("panels")) {
            for (var target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                rules.append("      - record: dashboard:q")
                        .append(i++)
                        .append("\n        expr: '")
                        .append(expr.replace("'", "''"))
                        .append("'\n");
                var m = java.util.regex.Pattern.compile("(meshportal_[a-z_]+|istio_[a-z_]+)")
                        .matcher(expr);
                while (m.find()) {
                    series.add(m.group(1));
                }
            }
        }
        java.nio.file.Path file = dir.resolve("dashboard-rules.yml");
        java.nio.file.Files.writeString(file, rules);
        Process check = new ProcessBuilder("promtool", "check", "rules", file.toString())
                .redirectErrorStream(true)
                .start();
        String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(checkOut).isZero();
        String url = "http://localhost:" + port + "/actuator/prometheus";
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> get(url).contains("istio_requests_total"));
        String export = get(url);
        assertThat(series)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(export).as(name).contains(name));
    }

    private String factoryUrl() {
        Viewer office = new Viewer("metrics-office", Role.OFFICE_MANAGER, null);
        return fleet.workloads(office).stream()
                .filter(w -> w.factoryId().equals("berlin-1"))
                .findFirst()
                .orElseThrow()
                .replicas()
                .getFirst()
                .endpoint();
    }

    record Lint(int exit, String output) {}

    /** promtool check metrics reads the exposition from stdin: 0 clean, 3 lint remarks, 1 not parseable. */
    static Lint promtool(String exposition) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Lint(p.exitValue(), out);
    }
}
