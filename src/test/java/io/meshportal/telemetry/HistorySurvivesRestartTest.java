package io.meshportal.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.PortalApplication;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** What the portal polled is still there after a restart: the charts show the past, the sums add up. */
class HistorySurvivesRestartTest {

    static final Viewer OFFICE = new Viewer("history-office", Role.OFFICE_MANAGER, null);

    @Test
    void chartsShowThePastAfterARestart(@TempDir Path dir) {
        Path data = dir.resolve("data");
        Instant started = Instant.now().minusSeconds(60);
        long samplesBefore;
        try (var portal = start(data)) {
            TelemetryService telemetry = portal.getBean(TelemetryService.class);
            // a few seconds of ticks with every factory answering
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> telemetry
                                    .history(OFFICE, "keep-1", Duration.ofMinutes(1))
                                    .size()
                            >= 5);
        }
        try (var portal = start(data)) {
            HistoryService history = portal.getBean(HistoryService.class);
            HistoryRange range = new HistoryRange(started, Instant.now());
            HistoryService.Totals totals = history.totals(OFFICE, List.of("keep-1"), range);
            samplesBefore = totals.samples();
            assertThat(samplesBefore).as("samples recorded before the restart").isGreaterThanOrEqualTo(5);
            // every second between samples is in one state; a factory's daily maintenance window (or a breakdown)
            // makes nothing and is neither running nor idle, so only the sum over all four states must be positive
            assertThat(totals.runningMinutes()
                            + totals.idleMinutes()
                            + totals.downMinutes()
                            + totals.maintenanceMinutes())
                    .as("time accounted before the restart")
                    .isPositive();
            HistoryService.Chart chart = history.chart(OFFICE, List.of("keep-1"), range, 60);
            assertThat(chart.points())
                    .anySatisfy(p -> assertThat(p.outputPerMinute()).isNotNaN());
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + data,
                        "--meshportal.fleet.local.factories[0].id=keep-1",
                        "--meshportal.fleet.local.factories[0].name=Keep",
                        "--meshportal.fleet.local.factories[0].country=DE");
    }
}
