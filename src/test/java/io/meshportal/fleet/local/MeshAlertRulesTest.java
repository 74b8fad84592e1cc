package io.meshportal.fleet.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.AlertView;
import io.meshportal.alerts.RuleKind;
import io.meshportal.alerts.RuleSpec;
import io.meshportal.alerts.RuleView;
import io.meshportal.alerts.Severity;
import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.Fault;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Alert rules on mesh signals: request errors above and p99 latency above, with the usual hold and scope. */
@SpringBootTest
class MeshAlertRulesTest extends TempDataDir {

    @Autowired
    AlertService alerts;

    @Autowired
    LocalFleet local;

    @Autowired
    TestUsers users;

    @Test
    void errorRateAndLatencyRulesFireOnMeshSignalsAndResolve() {
        users.ensure("mesh-alert-office", "irrelevant-password-ma", Role.OFFICE_MANAGER, null);
        users.ensure("mesh-alert-lyon", "irrelevant-password-ml", Role.FACTORY_MANAGER, "lyon-1");
        Viewer office = users.signIn("mesh-alert-office");
        Viewer lyon = users.signIn("mesh-alert-lyon");
        TestUsers.signOut();
        RuleView errors = alerts.saveRule(
                office,
                null,
                new RuleSpec("Porto errors", RuleKind.ERROR_RATE_ABOVE, 5, 0, Severity.CRITICAL, "porto-1", null));
        RuleView slow = alerts.saveRule(
                office,
                null,
                new RuleSpec("Porto slow", RuleKind.LATENCY_P99_ABOVE, 1000, 0, Severity.WARNING, "porto-1", null));
        FactoryServer replica = local.replicasOf("porto-1").getFirst();
        try {
            replica.fault(Fault.ERROR);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> active(office, errors) != null);
            AlertView fired = active(office, errors);
            assertThat(fired.factoryId()).isEqualTo("porto-1");
            assertThat(fired.value()).isGreaterThan(5);
            assertThat(alerts.history(lyon, 100)).noneMatch(a -> a.ruleName().equals("Porto errors"));
            replica.fault(Fault.SLOW); // 2.5 s answers: p99 far above 1 s
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> active(office, slow) != null);
        } finally {
            replica.fault(Fault.NONE);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(() -> active(office, errors) == null && active(office, slow) == null);
        alerts.deleteRule(office, errors.id());
        alerts.deleteRule(office, slow.id());
    }

    private AlertView active(Viewer viewer, RuleView rule) {
        return alerts.history(viewer, 200).stream()
                .filter(a -> rule.id().equals(a.ruleId())
                        && a.ruleName().equals(rule.spec().name())
                        && a.active())
                .findFirst()
                .orElse(null);
    }
}
