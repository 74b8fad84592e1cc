package io.meshportal.alerts;

import com.vaadin.flow.shared.Registration;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.fleet.FleetService;
import io.meshportal.security.Viewer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * What users do with alerts: rules, history, acknowledgement, live notification, each checked for the caller's
 * role and scope and audited. Everything a user reads is cut to their scope: a factory manager sees only alerts
 * of their own factory, never node alerts. The work is done by {@link RuleBook}, {@link AlertEvaluator},
 * {@link AlertLedger} and {@link AlertNotifier}.
 */
@Service
public class AlertService {

    private final RuleBook rules;
    private final AlertEvaluator evaluator;
    private final AlertLedger ledger;
    private final AlertNotifier notifier;
    private final FleetService fleet;
    private final AuditLog audit;
    private final java.time.Clock clock;
    private final WebhookPolicy webhookPolicy;

    AlertService(
            RuleBook rules,
            AlertEvaluator evaluator,
            AlertLedger ledger,
            AlertNotifier notifier,
            FleetService fleet,
            AuditLog audit,
            java.time.Clock clock,
            AlertsProperties properties) {
        this.clock = clock;
        this.webhookPolicy = new WebhookPolicy(properties.webhookAllowedHosts());
        this.rules = rules;
        this.evaluator = evaluator;
        this.ledger = ledger;
        this.notifier = notifier;
        this.fleet = fleet;
        this.audit = audit;
    }

    // ---- rules -------------------------------------------------------------------------------------------

    public List<RuleView> rules(Viewer viewer) {
        Viewer.signedIn(viewer);
        return rules.all().stream()
                .filter(r -> viewer.seesAllFactories()
                        || (r.spec().kind().perFactory()
                                && (r.spec().factoryId() == null
                                        || r.spec().factoryId().equals(viewer.factoryId()))))
                // the signing secret is for those who edit rules (and configure the receivers)
                .map(r -> viewer.seesAllFactories() ? r : r.withoutSecret())
                .toList();
    }

    public RuleView saveRule(Viewer viewer, Long id, RuleSpec spec) {
        Viewer.signedIn(viewer);
        requireEditor(viewer, AuditAction.ALERT_RULE_SAVE, spec.name());
        Map<String, String> problems = new LinkedHashMap<>(spec.problems());
        if (!problems.containsKey("webhookUrl") && spec.webhookUrl() != null) {
            String refused = webhookPolicy.refusal(spec.webhookUrl());
            if (refused != null) {
                problems.put("webhookUrl", refused);
            }
        }
        if (!problems.containsKey("factoryId") && spec.factoryId() != null && !fleet.exists(spec.factoryId())) {
            problems.put("factoryId", "No factory " + spec.factoryId());
        }
        if (!problems.isEmpty()) {
            audit.record(
                    viewer.username(),
                    AuditAction.ALERT_RULE_SAVE,
                    spec.name(),
                    Outcome.FAILURE,
                    String.join("; ", problems.values()));
            throw new AlertRequestException(problems);
        }
        RuleView saved = rules.save(id, spec);
        evaluator.ruleChanged(saved.id());
        audit.record(
                viewer.username(),
                AuditAction.ALERT_RULE_SAVE,
                spec.name(),
                Outcome.SUCCESS,
                spec.kind() + " " + spec.threshold() + " for " + spec.holdSeconds() + "s");
        return saved;
    }

    public void setRuleEnabled(Viewer viewer, long id, boolean enabled) {
        Viewer.signedIn(viewer);
        AuditAction action = enabled ? AuditAction.ALERT_RULE_ENABLE : AuditAction.ALERT_RULE_DISABLE;
        requireEditor(viewer, action, String.valueOf(id));
        rules.setEnabled(id, enabled);
        evaluator.ruleChanged(id);
        audit.record(viewer.username(), action, String.valueOf(id), Outcome.SUCCESS, null);
    }

    public void deleteRule(Viewer viewer, long id) {
        Viewer.signedIn(viewer);
        requireEditor(viewer, AuditAction.ALERT_RULE_DELETE, String.valueOf(id));
        rules.delete(id);
        evaluator.ruleChanged(id);
        audit.record(viewer.username(), AuditAction.ALERT_RULE_DELETE, String.valueOf(id), Outcome.SUCCESS, null);
    }

    private void requireEditor(Viewer viewer, AuditAction action, String target) {
        if (!viewer.seesAllFactories()) {
            throw audit.denied(viewer, action, target);
        }
    }

    // ---- alerts ------------------------------------------------------------------------------------------

    public List<AlertView> history(Viewer viewer, int limit) {
        Viewer.signedIn(viewer);
        return ledger.recent(limit).stream().filter(a -> visible(viewer, a)).toList();
    }

    public long activeUnacknowledged(Viewer viewer) {
        Viewer.signedIn(viewer);
        return ledger.open().stream()
                .filter(a -> a.acknowledgedBy() == null && visible(viewer, a))
                .count();
    }

    public void acknowledge(Viewer viewer, long alertId) {
        Viewer.signedIn(viewer);
        AlertView alert = ledger.find(alertId).orElse(null);
        if (alert == null || !visible(viewer, alert)) {
            // the same answer whether it does not exist or is not theirs: no probing for other factories' alerts
            throw audit.denied(viewer, AuditAction.ALERT_ACKNOWLEDGE, String.valueOf(alertId));
        }
        AlertView acknowledged = ledger.acknowledge(alertId, viewer.username()).orElseThrow();
        audit.record(
                viewer.username(),
                AuditAction.ALERT_ACKNOWLEDGE,
                alert.ruleName() + " on " + alert.subject(),
                Outcome.SUCCESS,
                null);
        notifier.publish(acknowledged);
    }

    /**
     * Raises a notice that no rule watches for (a rollout's step or decision): kept in the alert history, shown
     * live to everyone who may see the factory. It is resolved as it is raised; there is nothing to wait for.
     *
     * @param title   what happened, e.g. "Canary rollout aborted"
     * @param subject the detail, e.g. "berlin-1 v2: reject 6.1 % vs 2.0 %"
     */
    public AlertView notice(String title, Severity severity, String factoryId, String subject) {
        AlertView notice = ledger.notice(title, severity, factoryId, subject, clock.instant());
        notifier.publish(notice);
        return notice;
    }

    /** Live alerts (fired, resolved, acknowledged) that the viewer may see. */
    public Registration subscribe(Viewer viewer, Consumer<AlertView> listener) {
        Viewer.signedIn(viewer);
        return notifier.subscribe(viewer, listener);
    }

    static boolean visible(Viewer viewer, AlertView alert) {
        if (viewer.seesAllFactories()) {
            return true;
        }
        return alert.factoryId() != null && alert.factoryId().equals(viewer.factoryId());
    }
}
