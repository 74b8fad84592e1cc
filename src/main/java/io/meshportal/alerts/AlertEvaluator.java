package io.meshportal.alerts;

import com.vaadin.flow.shared.Registration;
import io.meshportal.factory.TelemetrySnapshot;
import io.meshportal.fleet.ClusterInfo;
import io.meshportal.fleet.FleetService;
import io.meshportal.fleet.NodeInfo;
import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.telemetry.FactoryStatus;
import io.meshportal.telemetry.FactoryTelemetry;
import io.meshportal.telemetry.TelemetryService;
import io.meshportal.telemetry.TelemetryUpdate;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Evaluates the enabled rules on every telemetry tick, with hold time and hysteresis per rule and subject.
 * It receives ticks through its own telemetry mailbox, so its SQLite writes never delay what screens receive.
 */
@Component
class AlertEvaluator {

    private static final Viewer SYSTEM = new Viewer("system", Role.ADMIN, null);

    private final RuleBook rules;
    private final AlertLedger ledger;
    private final AlertNotifier notifier;
    private final TelemetryService telemetry;
    private final FleetService fleet;
    /** Trackers by rule id and subject; a rule's trackers start over when its settings change. */
    private final Map<String, Hysteresis> trackers = new ConcurrentHashMap<>();

    private final Map<String, Long> openEvents = new ConcurrentHashMap<>();
    /** Severity of each firing alert by tracker key, for meshportal_alerts_firing. */
    private final Map<String, Severity> firing = new ConcurrentHashMap<>();

    private Registration tick;
    private final io.meshportal.mesh.MeshSignalsService signals;

    AlertEvaluator(
            RuleBook rules,
            AlertLedger ledger,
            AlertNotifier notifier,
            TelemetryService telemetry,
            FleetService fleet,
            io.meshportal.mesh.MeshSignalsService signals,
            io.micrometer.core.instrument.MeterRegistry registry) {
        this.signals = signals;
        for (Severity severity : Severity.values()) {
            io.micrometer.core.instrument.Gauge.builder("meshportal.alerts.firing", firing, f -> f.values().stream()
                            .filter(severity::equals)
                            .count())
                    .tag("severity", severity.name())
                    .description("alerts firing now")
                    .register(registry);
        }
        this.rules = rules;
        this.ledger = ledger;
        this.notifier = notifier;
        this.telemetry = telemetry;
        this.fleet = fleet;
    }

    @PostConstruct
    void start() {
        resumeOpenAlerts();
        tick = telemetry.subscribe(SYSTEM, this::evaluate);
    }

    /**
     * Alerts survive a restart: each alert still open goes on as firing (it resolves when its condition clears,
     * it does not fire again), its acknowledgement kept; one whose rule is gone or disabled is resolved.
     */
    private void resumeOpenAlerts() {
        Map<Long, RuleView> active = new java.util.HashMap<>();
        rules.active().forEach(r -> active.put(r.id(), r));
        for (AlertView alert : ledger.open()) {
            RuleView rule = active.get(alert.ruleId());
            if (rule == null || !rule.spec().name().equals(alert.ruleName())) {
                ledger.resolveOrphan(alert.id());
                continue;
            }
            String key = rule.id() + "|" + alert.subject();
            trackers.put(key, tracker(rule.spec(), true));
            openEvents.put(key, alert.id());
            firing.put(key, rule.spec().severity());
        }
    }

    @PreDestroy
    void stop() {
        if (tick != null) {
            tick.remove();
        }
    }

    /** A rule was saved, enabled, disabled or deleted: its trackers start over with its new settings. */
    void ruleChanged(long ruleId) {
        String prefix = ruleId + "|";
        trackers.keySet().removeIf(key -> key.startsWith(prefix));
        RuleView rule = rules.active().stream()
                .filter(r -> r.id() == ruleId)
                .findFirst()
                .orElse(null);
        for (var open : Map.copyOf(openEvents).entrySet()) {
            if (!open.getKey().startsWith(prefix)) {
                continue;
            }
            if (rule != null) {
                // still enabled: its open alert goes on firing under the new settings instead of firing twice
                trackers.put(open.getKey(), tracker(rule.spec(), true));
            } else {
                // deleted or disabled: nothing would resolve its open alert any more
                openEvents.remove(open.getKey());
                firing.remove(open.getKey());
                ledger.resolveOrphan(open.getValue());
                ledger.find(open.getValue()).ifPresent(notifier::publish);
            }
        }
    }

    void evaluate(TelemetryUpdate update) {
        List<RuleView> current = rules.active();
        Set<String> live = ConcurrentHashMap.newKeySet();
        current.forEach(r -> live.add(r.id() + "|"));
        trackers.keySet().removeIf(key -> live.stream().noneMatch(key::startsWith)); // deleted or disabled rules
        firing.keySet().removeIf(key -> live.stream().noneMatch(key::startsWith));
        if (current.isEmpty()) {
            return;
        }
        Instant now = update.at();
        List<ClusterInfo> clusters =
                current.stream().anyMatch(r -> !r.spec().kind().perFactory()) ? fleet.clusters(SYSTEM) : List.of();
        for (RuleView rule : current) {
            RuleKind kind = rule.spec().kind();
            if (kind.perFactory()) {
                io.meshportal.mesh.SignalsSnapshot mesh = kind.meshSignal() ? signals.latest() : null;
                for (FactoryTelemetry f : update.factories()) {
                    if (rule.spec().factoryId() == null
                            || rule.spec().factoryId().equals(f.id())) {
                        double value = mesh != null ? meshValue(kind, mesh, f.id()) : factoryValue(kind, f);
                        observe(rule, f.id(), f.id(), value, now);
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
            return f.health().status() == FactoryStatus.DOWN
                    ? 1
                    : f.health().status() == FactoryStatus.PENDING ? Double.NaN : 0;
        }
        TelemetrySnapshot s = f.latest();
        if (s == null || f.health().status() == FactoryStatus.DOWN) {
            return Double.NaN; // no fresh numbers: FACTORY_DOWN covers this case
        }
        return switch (kind) {
            case OUTPUT_RATE_BELOW -> s.outputRate();
            case STOCK_BELOW ->
                s.inputs().stream()
                        .mapToDouble(TelemetrySnapshot.Input::stock)
                        .min()
                        .orElse(Double.NaN);
            case OEE_BELOW -> s.oee().oee() * 100;
            default -> Double.NaN;
        };
    }

    /** A factory's error share or p99 over all its versions; NaN while the mesh signals are not current. */
    static double meshValue(RuleKind kind, io.meshportal.mesh.SignalsSnapshot mesh, String factoryId) {
        if (mesh.state() != io.meshportal.mesh.SignalsSnapshot.State.READY) {
            return Double.NaN;
        }
        return mesh.factories().stream()
                .filter(f -> f.factoryId().equals(factoryId) && f.version() == null)
                .findFirst()
                .map(f -> kind == RuleKind.ERROR_RATE_ABOVE
                        ? f.signal().errorPercent()
                        : f.signal().p99Millis() == null
                                ? Double.NaN
                                : f.signal().p99Millis())
                .orElse(Double.NaN);
    }

    static double nodeValue(RuleKind kind, NodeInfo node) {
        if (kind == RuleKind.NODE_CPU_ABOVE) {
            return node.cpuUsedCores() == null || node.cpuCores() == 0
                    ? Double.NaN
                    : 100 * node.cpuUsedCores() / node.cpuCores();
        }
        return node.memoryUsedBytes() == null || node.memoryBytes() == 0
                ? Double.NaN
                : 100.0 * node.memoryUsedBytes() / node.memoryBytes();
    }

    /** A state rule compares 1 (DOWN) or 0 against the middle. */
    private static double threshold(RuleSpec spec) {
        return spec.kind().unit() == RuleKind.Unit.STATE ? 0.5 : spec.threshold();
    }

    private static Hysteresis tracker(RuleSpec spec, boolean firing) {
        return new Hysteresis(spec.kind().above(), threshold(spec), Duration.ofSeconds(spec.holdSeconds()), firing);
    }

    private void observe(RuleView rule, String factoryId, String subject, double value, Instant now) {
        RuleSpec spec = rule.spec();
        String key = rule.id() + "|" + subject;
        double threshold = threshold(spec);
        Hysteresis tracker = trackers.computeIfAbsent(key, k -> tracker(spec, false));
        switch (tracker.observe(value, now)) {
            case FIRED -> {
                AlertView fired = ledger.fire(rule, factoryId, subject, value, threshold, now);
                openEvents.put(key, fired.id());
                firing.put(key, spec.severity());
                notifier.publish(fired);
                notifier.webhook(spec.webhookUrl(), rule.webhookSecret(), fired, "FIRING");
            }
            case RESOLVED -> {
                Long id = openEvents.remove(key);
                firing.remove(key);
                if (id != null) {
                    ledger.resolve(id, value, now).ifPresent(resolved -> {
                        notifier.publish(resolved);
                        notifier.webhook(spec.webhookUrl(), rule.webhookSecret(), resolved, "RESOLVED");
                    });
                }
            }
            case NONE -> {}
        }
    }
}
