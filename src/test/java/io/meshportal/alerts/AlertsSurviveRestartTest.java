package io.meshportal.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.PortalApplication;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Alerts survive a restart: one that was firing and acknowledged is still open and acknowledged afterwards, and
 * evaluation goes on without firing it a second time; an alert whose rule is gone is resolved.
 */
class AlertsSurviveRestartTest {

    static final Viewer OFFICE = new Viewer("restart-office", Role.OFFICE_MANAGER, null);

    @Test
    void firingStateAndAcknowledgementsPersistWithoutRefiring(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        long alertId;
        long ruleId;
        long orphanRule;
        try (var portal = start(data)) {
            AlertService alerts = portal.getBean(AlertService.class);
            ruleId = alerts.saveRule(
                            OFFICE,
                            null,
                            new RuleSpec(
                                    "Always low",
                                    RuleKind.OUTPUT_RATE_BELOW,
                                    1e9,
                                    0,
                                    Severity.WARNING,
                                    "restart-1",
                                    null))
                    .id();
            orphanRule = alerts.saveRule(
                            OFFICE,
                            null,
                            new RuleSpec(
                                    "Soon gone", RuleKind.OUTPUT_RATE_BELOW, 1e9, 0, Severity.INFO, "restart-1", null))
                    .id();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> open(alerts, ruleId).size() == 1
                            && open(alerts, orphanRule).size() == 1);
            alertId = open(alerts, ruleId).getFirst().id();
            alerts.acknowledge(OFFICE, alertId);
        }
        try (var portal = start(data)) {
            AlertService alerts = portal.getBean(AlertService.class);
            alerts.deleteRule(OFFICE, orphanRule);
            // deleting a rule resolves its open alert at once
            assertThat(open(alerts, orphanRule)).isEmpty();
        }
        try (var portal = start(data)) {
            AlertService alerts = portal.getBean(AlertService.class);
            Thread.sleep(4000); // several evaluation rounds with the condition still true
            assertThat(open(alerts, ruleId)).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo(alertId);
                assertThat(a.acknowledgedBy()).isEqualTo("restart-office");
            });
            assertThat(alerts.history(OFFICE, 100))
                    .filteredOn(a -> a.ruleName().equals("Always low"))
                    .hasSize(1);
            assertThat(alerts.history(OFFICE, 100))
                    .filteredOn(a -> a.ruleName().equals("Soon gone"))
                    .singleElement()
                    .satisfies(a -> assertThat(a.active()).isFalse());
            assertThat(alerts.activeUnacknowledged(OFFICE)).isZero();
        }
    }

    private static List<AlertView> open(AlertService alerts, long ruleId) {
        return alerts.history(OFFICE, 100).stream()
                .filter(a -> Long.valueOf(ruleId).equals(a.ruleId()) && a.active())
                .toList();
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + data,
                        "--meshportal.fleet.local.factories[0].id=restart-1",
                        "--meshportal.fleet.local.factories[0].name=Restart",
                        "--meshportal.fleet.local.factories[0].country=DE");
    }
}
