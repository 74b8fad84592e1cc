package io.meshportal.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.TestUsers;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Rules evaluated on the live embedded fleet: scoping, acknowledgement, webhook, authorization, audit. */
@SpringBootTest
class AlertServiceTest extends TempDataDir {

    @Autowired
    AlertService alerts;

    @Autowired
    TestUsers users;

    @Autowired
    AuditLog audit;

    @Test
    void alertsFireAndEachUserSeesOnlyTheirOwn() throws Exception {
        users.ensure("al-office", "irrelevant-password-e", Role.OFFICE_MANAGER, null);
        users.ensure("al-lyon", "irrelevant-password-f", Role.FACTORY_MANAGER, "lyon-1");
        users.ensure("al-berlin", "irrelevant-password-g", Role.FACTORY_MANAGER, "berlin-1");
        Viewer office = users.signIn("al-office");
        Viewer lyon = users.signIn("al-lyon");
        Viewer berlin = users.signIn("al-berlin");
        TestUsers.signOut();

        List<String> received = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        hook.createContext("/", ex -> {
            received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(ex.getRequestHeaders().getFirst(WebhookSender.TIMESTAMP) + " "
                    + ex.getRequestHeaders().getFirst(WebhookSender.SIGNATURE));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        List<AlertView> lyonLive = new CopyOnWriteArrayList<>();
        List<AlertView> berlinLive = new CopyOnWriteArrayList<>();
        var r1 = alerts.subscribe(lyon, lyonLive::add);
        var r2 = alerts.subscribe(berlin, berlinLive::add);
        RuleView factoryRule = alerts.saveRule(
                office,
                null,
                new RuleSpec(
                        "Lyon output low",
                        RuleKind.OUTPUT_RATE_BELOW,
                        1e9,
                        0,
                        Severity.CRITICAL,
                        "lyon-1",
                        "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook"));
        RuleView nodeRule = alerts.saveRule(
                office, null, new RuleSpec("Node memory", RuleKind.NODE_MEMORY_ABOVE, 0, 0, Severity.INFO, null, null));
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(8))
                    .until(() -> alerts.history(office, 50).stream()
                                    .anyMatch(a -> factoryRule.id().equals(a.ruleId()))
                            && alerts.history(office, 50).stream()
                                    .anyMatch(a -> nodeRule.id().equals(a.ruleId())));
            AlertView lyonAlert = alerts.history(office, 50).stream()
                    .filter(a -> factoryRule.id().equals(a.ruleId()))
                    .findFirst()
                    .orElseThrow();
            assertThat(lyonAlert.active()).isTrue();
            assertThat(alerts.history(lyon, 50))
                    .extracting(AlertView::id)
                    .contains(lyonAlert.id())
                    .allSatisfy(
                            id -> assertThat(alerts.history(lyon, 50)).allMatch(a -> "lyon-1".equals(a.factoryId())));
            assertThat(alerts.history(berlin, 50))
                    .noneMatch(a -> factoryRule.id().equals(a.ruleId()) || a.factoryId() == null);
            assertThat(lyonLive).anyMatch(a -> a.id().equals(lyonAlert.id()));
            assertThat(berlinLive).noneMatch(a -> "lyon-1".equals(a.factoryId()) || a.factoryId() == null);
            assertThat(alerts.rules(berlin)).extracting(RuleView::id).doesNotContain(factoryRule.id(), nodeRule.id());

            assertThatThrownBy(() -> alerts.acknowledge(berlin, lyonAlert.id()))
                    .isInstanceOf(AccessDeniedException.class);
            alerts.acknowledge(lyon, lyonAlert.id());
            assertThat(alerts.history(office, 50).stream()
                            .filter(a -> a.id().equals(lyonAlert.id()))
                            .findFirst()
                            .orElseThrow()
                            .acknowledgedBy())
                    .isEqualTo("al-lyon");

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !received.isEmpty());
            assertThat(received.getFirst()).contains("\"rule\":\"Lyon output low\"", "\"state\":\"FIRING\"");
            // signed with the rule's own secret, which its editors see and its factory's manager does not
            assertThat(factoryRule.webhookSecret()).hasSizeGreaterThan(40);
            String[] signed = signatures.getFirst().split(" ");
            assertThat(signed[1])
                    .isEqualTo(WebhookSender.signature(
                            factoryRule.webhookSecret(), Long.parseLong(signed[0]), received.getFirst()));
            assertThat(alerts.rules(lyon))
                    .filteredOn(r -> r.id().equals(factoryRule.id()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.webhookSecret()).isNull());
            assertThat(alerts.rules(office))
                    .filteredOn(r -> r.id().equals(factoryRule.id()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.webhookSecret()).isEqualTo(factoryRule.webhookSecret()));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> alerts.history(office, 50).stream()
                                    .filter(a -> a.id().equals(lyonAlert.id()))
                                    .findFirst()
                                    .orElseThrow()
                                    .webhookStatus()
                            != null);
            assertThat(audit.recent(office, 100))
                    .anySatisfy(r -> {
                        assertThat(r.action()).isEqualTo("alert.acknowledge");
                        assertThat(r.actor()).isEqualTo("al-lyon");
                    })
                    .anySatisfy(r -> assertThat(r.action()).isEqualTo("alert.rule.save"));
        } finally {
            r1.remove();
            r2.remove();
            alerts.deleteRule(office, factoryRule.id());
            alerts.deleteRule(office, nodeRule.id());
            hook.stop(0);
        }
    }

    /** Alert history names its rule by id: a deleted rule's id is never handed to a new rule. */
    @Test
    void aDeletedRulesIdIsNeverGivenToANewRule() {
        users.ensure("al-office3", "irrelevant-password-j", Role.OFFICE_MANAGER, null);
        Viewer office = users.signIn("al-office3");
        TestUsers.signOut();
        RuleView first = alerts.saveRule(
                office, null, new RuleSpec("Short-lived", RuleKind.OEE_BELOW, 1, 0, Severity.INFO, null, null));
        alerts.deleteRule(office, first.id()); // the highest id: SQLite would reuse it without AUTOINCREMENT
        RuleView next = alerts.saveRule(
                office, null, new RuleSpec("Next", RuleKind.OEE_BELOW, 1, 0, Severity.INFO, null, null));
        try {
            assertThat(next.id()).isGreaterThan(first.id());
        } finally {
            alerts.deleteRule(office, next.id());
        }
    }

    @Test
    void onlyOfficeRolesEditRulesAndBadRulesAreRefused() {
        users.ensure("al-office2", "irrelevant-password-h", Role.OFFICE_MANAGER, null);
        users.ensure("al-fm", "irrelevant-password-i", Role.FACTORY_MANAGER, "porto-1");
        Viewer office = users.signIn("al-office2");
        Viewer fm = users.signIn("al-fm");
        TestUsers.signOut();
        RuleSpec good = new RuleSpec("ok", RuleKind.OEE_BELOW, 50, 60, Severity.WARNING, "porto-1", null);
        assertThatThrownBy(() -> alerts.saveRule(fm, null, good)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> alerts.deleteRule(fm, 1)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> alerts.setRuleEnabled(fm, 1, false)).isInstanceOf(AccessDeniedException.class);
        int before = alerts.rules(office).size();
        assertThatThrownBy(() -> alerts.saveRule(
                        office, null, new RuleSpec("", null, Double.NaN, -1, null, null, "ftp://example")))
                .isInstanceOfSatisfying(AlertRequestException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("name", "kind", "threshold", "holdSeconds", "severity", "webhookUrl"));
        assertThatThrownBy(() -> alerts.saveRule(
                        office,
                        null,
                        new RuleSpec("cpu", RuleKind.NODE_CPU_ABOVE, 150, 10, Severity.INFO, "porto-1", null)))
                .isInstanceOfSatisfying(AlertRequestException.class, e -> assertThat(e.problems())
                        .containsOnlyKeys("threshold", "factoryId"));
        assertThat(alerts.rules(office)).hasSize(before);
        assertThat(audit.recent(office, 50)).anySatisfy(r -> {
            assertThat(r.action()).isEqualTo("alert.rule.save");
            assertThat(r.outcome()).isEqualTo(AuditRecord.Outcome.DENIED);
        });
    }
}
