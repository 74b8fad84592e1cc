package io.meshportal.alerts;

import com.vaadin.flow.shared.Registration;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NodeInfo;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryStatus;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.TelemetryService;
import io.meshportal.telemetry.TelemetryUpdate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alert rules, their evaluation on every telemetry tick, the alert history, acknowledgement and live
 * notification. Everything a user reads is cut to their scope: a factory manager sees only alerts of their own
 * factory, never node alerts.
 */
@Service
public class AlertService {

    private static final Viewer SYSTEM = new Viewer("system", Role.ADMIN, null);

    private record Subscriber(Viewer viewer, Consumer<AlertView> listener) {
    }

    private final AlertRuleRepository rules;
    private final AlertEventRepository events;
    private final TelemetryService telemetry;
    private final FleetService fleet;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final WebhookSender webhooks = new WebhookSender(Duration.ofSeconds(2), Duration.ofMillis(500));
    private final ExecutorService webhookPool = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Hysteresis> trackers = new ConcurrentHashMap<>();
    private final Map<String, Long> openEvents = new ConcurrentHashMap<>();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private volatile List<RuleView> activeRules = List.of();
    private Registration tick;

    AlertService(AlertRuleRepository rules, AlertEventRepository events, TelemetryService telemetry,
            FleetService fleet, AuditLog audit, TransactionTemplate tx, Clock clock) {
        this.rules = rules;
        this.events = events;
        this.telemetry = telemetry;
        this.fleet = fleet;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    @PostConstruct
    void start() {
        reloadRules();
        // Alerts still open from before a restart are resolved by evaluation again; start them fresh.
        tx.executeWithoutResult(s -> events.findByResolvedAtIsNull().forEach(e -> e.resolve(clock.instant(), e.view().value())));
        tick = telemetry.subscribe(SYSTEM, this::evaluate);
    }

    @PreDestroy
    void stop() {
        if (tick != null) {
            tick.remove();
        }
        webhookPool.shutdownNow();
    }

    // ---- rules -------------------------------------------------------------------------------------------

    public List<RuleView> rules(Viewer viewer) {
        Viewer.signedIn(viewer);
        return rules.findAll().stream().map(AlertRule::view)
                .filter(r -> viewer.seesAllFactories() || (r.spec().kind().perFactory()
                        && (r.spec().factoryId() == null || r.spec().factoryId().equals(viewer.factoryId()))))
                .toList();
    }

    public RuleView saveRule(Viewer viewer, Long id, RuleSpec spec) {
        Viewer.signedIn(viewer);
        requireEditor(viewer, "alert.rule.save", spec.name());
        Map<String, String> problems = new java.util.LinkedHashMap<>(spec.problems());
        if (!problems.containsKey("factoryId") && spec.factoryId() != null && !fleet.exists(spec.factoryId())) {
            problems.put("factoryId", "No factory " + spec.factoryId());
        }
        if (!problems.isEmpty()) {
            audit.record(viewer.username(), "alert.rule.save", spec.name(), Outcome.FAILURE, String.join("; ", problems.values()));
            throw new AlertRequestException(problems);
        }
        RuleView saved = tx.execute(s -> {
            AlertRule rule = id == null ? new AlertRule(spec) : rules.findById(id).orElseThrow(() ->
                    new AlertRequestException(Map.of("name", "This rule no longer exists")));
            rule.update(spec);
            return rules.save(rule).view();
        });
        trackers.keySet().removeIf(key -> key.startsWith(saved.id() + "|")); // changed settings start over
        audit.record(viewer.username(), "alert.rule.save", spec.name(), Outcome.SUCCESS,
                spec.kind() + " " + spec.threshold() + " for " + spec.holdSeconds() + "s");
        reloadRules();
        return saved;
    }

    public void setRuleEnabled(Viewer viewer, long id, boolean enabled) {
        Viewer.signedIn(viewer);
        requireEditor(viewer, enabled ? "alert.rule.enable" : "alert.rule.disable", String.valueOf(id));
        tx.executeWithoutResult(s -> rules.findById(id).ifPresent(r -> r.enabled(enabled)));
        audit.record(viewer.username(), enabled ? "alert.rule.enable" : "alert.rule.disable", String.valueOf(id),
                Outcome.SUCCESS, null);
        reloadRules();
    }

    public void deleteRule(Viewer viewer, long id) {
        Viewer.signedIn(viewer);
        requireEditor(viewer, "alert.rule.delete", String.valueOf(id));
        tx.executeWithoutResult(s -> rules.deleteById(id));
        audit.record(viewer.username(), "alert.rule.delete", String.valueOf(id), Outcome.SUCCESS, null);
        reloadRules();
    }

    private void requireEditor(Viewer viewer, String action, String target) {
        if (!viewer.seesAllFactories()) {
            audit.record(viewer.username(), action, target, Outcome.DENIED, viewer.role().name());
            throw new AccessDeniedException(viewer.username() + " may not edit alert rules");
        }
    }

    private void reloadRules() {
        activeRules = rules.findAll().stream().map(AlertRule::view).filter(RuleView::enabled).toList();
        Set<String> live = ConcurrentHashMap.newKeySet();
        activeRules.forEach(r -> live.add(r.id() + "|"));
        // forget trackers of deleted or changed rules: they start over with the new settings
        trackers.keySet().removeIf(key -> live.stream().noneMatch(key::startsWith));
    }

    // ---- alerts ------------------------------------------------------------------------------------------

    public List<AlertView> history(Viewer viewer, int limit) {
        Viewer.signedIn(viewer);
        return events.findAllByOrderByIdDesc(PageRequest.of(0, Math.max(1, Math.min(limit, 2000)))).stream()
                .map(AlertEvent::view).filter(a -> visible(viewer, a)).toList();
    }

    public long activeUnacknowledged(Viewer viewer) {
        Viewer.signedIn(viewer);
        return events.findByResolvedAtIsNull().stream().map(AlertEvent::view)
                .filter(a -> a.acknowledgedBy() == null && visible(viewer, a)).count();
    }

    public void acknowledge(Viewer viewer, long alertId) {
        Viewer.signedIn(viewer);
        AlertView alert = events.findById(alertId).map(AlertEvent::view).orElse(null);
        if (alert == null || !visible(viewer, alert)) {
            audit.record(viewer.username(), "alert.acknowledge", String.valueOf(alertId), Outcome.DENIED, null);
            throw new AccessDeniedException("No alert " + alertId + " for " + viewer.username());
        }
        tx.executeWithoutResult(s -> events.findById(alertId).ifPresent(e -> e.acknowledge(viewer.username(), clock.instant())));
        audit.record(viewer.username(), "alert.acknowledge", alert.ruleName() + " on " + alert.subject(), Outcome.SUCCESS, null);
        publish(events.findById(alertId).map(AlertEvent::view).orElseThrow());
    }

    /** Live alerts (fired, resolved, acknowledged) that the viewer may see. */
    public Registration subscribe(Viewer viewer, Consumer<AlertView> listener) {
        Viewer.signedIn(viewer);
        Subscriber s = new Subscriber(viewer, listener);
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    static boolean visible(Viewer viewer, AlertView alert) {
        if (viewer.seesAllFactories()) {
            return true;
        }
        return alert.factoryId() != null && alert.factoryId().equals(viewer.factoryId());
    }

    // ---- evaluation --------------------------------------------------------------------------------------

    void evaluate(TelemetryUpdate update) {
        List<RuleView> current = activeRules;
        if (current.isEmpty()) {
            return;
        }
        Instant now = update.at();
        List<ClusterInfo> clusters = current.stream().anyMatch(r -> !r.spec().kind().perFactory())
                ? fleet.clusters(SYSTEM) : List.of();
        for (RuleView rule : current) {
            RuleKind kind = rule.spec().kind();
            if (kind.perFactory()) {
                for (FactoryTelemetry f : update.factories()) {
                    if (rule.spec().factoryId() == null || rule.spec().factoryId().equals(f.id())) {
                        observe(rule, f.id(), f.id(), factoryValue(kind, f), now);
                    }
                }
            } else {
                for (ClusterInfo cluster : clusters) {
                    for (NodeInfo node : cluster.nodes()) {
                        observe(rule, null, cluster.name() + "/" + node.name(), nodeValue(kind, node), now);
                    }
                }
            }
        }
    }

    static double factoryValue(RuleKind kind, FactoryTelemetry f) {
        if (kind == RuleKind.FACTORY_DOWN) {
            return f.health().status() == FactoryStatus.DOWN ? 1 : f.health().status() == FactoryStatus.PENDING ? Double.NaN : 0;
        }
        TelemetrySnapshot s = f.latest();
        if (s == null || f.health().status() == FactoryStatus.DOWN) {
            return Double.NaN; // no fresh numbers: FACTORY_DOWN covers this case
        }
        return switch (kind) {
            case OUTPUT_RATE_BELOW -> s.outputRate();
            case STOCK_BELOW -> s.inputs().stream().mapToDouble(TelemetrySnapshot.Input::stock).min().orElse(Double.NaN);
            case OEE_BELOW -> s.oee().oee() * 100;
            default -> Double.NaN;
        };
    }

    static double nodeValue(RuleKind kind, NodeInfo node) {
        if (kind == RuleKind.NODE_CPU_ABOVE) {
            return node.cpuUsedCores() == null || node.cpuCores() == 0 ? Double.NaN : 100 * node.cpuUsedCores() / node.cpuCores();
        }
        return node.memoryUsedBytes() == null || node.memoryBytes() == 0 ? Double.NaN
                : 100.0 * node.memoryUsedBytes() / node.memoryBytes();
    }

    private void observe(RuleView rule, String factoryId, String subject, double value, Instant now) {
        RuleSpec spec = rule.spec();
        String key = rule.id() + "|" + subject;
        double threshold = spec.kind() == RuleKind.FACTORY_DOWN ? 0.5 : spec.threshold();
        Hysteresis tracker = trackers.computeIfAbsent(key,
                k -> new Hysteresis(spec.kind().above(), threshold, Duration.ofSeconds(spec.holdSeconds())));
        switch (tracker.observe(value, now)) {
            case FIRED -> {
                AlertView fired = tx.execute(s -> events.save(new AlertEvent(rule.id(), spec.name(), spec.kind(),
                        spec.severity(), factoryId, subject, value, threshold, now)).view());
                openEvents.put(key, fired.id());
                publish(fired);
                notifyWebhook(spec.webhookUrl(), fired, "FIRING");
            }
            case RESOLVED -> {
                Long id = openEvents.remove(key);
                if (id != null) {
                    AlertView resolved = tx.execute(s -> events.findById(id).map(e -> {
                        e.resolve(now, value);
                        return e.view();
                    }).orElse(null));
                    if (resolved != null) {
                        publish(resolved);
                        notifyWebhook(spec.webhookUrl(), resolved, "RESOLVED");
                    }
                }
            }
            case NONE -> { }
        }
    }

    private void notifyWebhook(String url, AlertView alert, String state) {
        if (url == null) {
            return;
        }
        webhookPool.submit(() -> {
            String status = webhooks.send(url, alert, state);
            AlertView updated = tx.execute(s -> events.findById(alert.id()).map(e -> {
                e.webhookStatus(status);
                return e.view();
            }).orElse(null));
            if (updated != null) {
                publish(updated);
            }
        });
    }

    private void publish(AlertView alert) {
        for (Subscriber s : subscribers) {
            if (visible(s.viewer(), alert)) {
                try {
                    s.listener().accept(alert);
                } catch (RuntimeException gone) {
                    subscribers.remove(s);
                }
            }
        }
    }
}
