package io.meshportal.rollout;

import com.vaadin.flow.shared.Registration;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.Severity;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.mesh.MeshSignalsService;
import io.meshportal.security.Viewer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Canary rollouts of factory versions. Office roles start, weigh, promote and roll back; a factory's manager
 * watches their own factory's. One active rollout per factory owns its split; every step and decision is audited
 * and raised as a notice. Automatic rollouts are driven by {@link #tick()}, once a second.
 */
@Service
public class RolloutService {

    private final RolloutSteps steps;
    private final Fleet fleet;
    private final RolloutRepository rollouts;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final AlertService alerts;
    private final MeshSignalsService signals;
    private final Clock clock;

    RolloutService(
            RolloutSteps steps,
            Fleet fleet,
            RolloutRepository rollouts,
            TransactionTemplate tx,
            AuditLog audit,
            AlertService alerts,
            MeshSignalsService signals,
            Clock clock) {
        this.steps = steps;
        this.fleet = fleet;
        this.rollouts = rollouts;
        this.tx = tx;
        this.audit = audit;
        this.alerts = alerts;
        this.signals = signals;
        this.clock = clock;
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    public Optional<RolloutView> active(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        return steps.activeOf(factoryId).map(Rollout::view);
    }

    /** The factory's rollouts, newest first. */
    public List<RolloutView> history(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        return rollouts.findByFactoryIdOrderByIdDesc(factoryId).stream()
                .limit(50)
                .map(Rollout::view)
                .toList();
    }

    /** Every active rollout the viewer may see. */
    public List<RolloutView> activeAll(Viewer viewer) {
        Viewer.signedIn(viewer);
        return rollouts.findByStateIn(List.of(RolloutState.RUNNING, RolloutState.HELD)).stream()
                .filter(r -> viewer.canSee(r.factoryId()))
                .map(Rollout::view)
                .toList();
    }

    public Versions versions(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        return fleet.versions(requireFactory(factoryId).id());
    }

    /** Each version's figures over the current step (or the last minute without a rollout), stable first. */
    public List<VersionFigures> compare(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        Versions versions = fleet.versions(factoryId);
        Instant since = steps.activeOf(factoryId)
                .map(Rollout::stepStartedAt)
                .orElse(clock.instant().minusSeconds(60));
        List<VersionFigures> figures = new ArrayList<>();
        boolean one = versions.canary() == null;
        figures.add(steps.watch().figures(factoryId, versions.stable().name(), since, signals.latest(), one));
        if (!one) {
            figures.add(steps.watch().figures(factoryId, versions.canary().name(), since, signals.latest(), false));
        }
        return figures;
    }

    /**
     * Watches one factory's versions: while subscribed, each version is polled every second (also without a
     * rollout, so its figures show), and {@code listener} runs after each round and on every change of its rollout.
     */
    public Registration subscribe(Viewer viewer, String factoryId, Runnable listener) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        return steps.watch(viewer, factoryId, listener);
    }

    // ---- changes -------------------------------------------------------------------------------------------

    /** Deploys the new version beside the stable one (no requests yet) and starts the rollout. Blocks. */
    public RolloutView start(Viewer viewer, String factoryId, RolloutPlan plan, Progress progress) {
        Viewer.signedIn(viewer);
        requireManager(viewer, AuditAction.ROLLOUT_START, factoryId);
        return steps.locked(factoryId, () -> {
            Map<String, String> problems = new LinkedHashMap<>(plan.problems());
            Versions now = null;
            if (fleetHas(factoryId)) {
                now = fleet.versions(factoryId);
            } else {
                problems.put("factory", "No factory " + factoryId);
            }
            if (steps.activeOf(factoryId).isPresent()) {
                problems.put(
                        "factory", "A rollout of " + factoryId + " is already running: promote or roll it back first");
            } else if (now != null && now.canary() != null) {
                problems.put(
                        "factory",
                        factoryId + " already runs canary " + now.canary().name());
            }
            if (now != null
                    && plan.version() != null
                    && plan.version().name() != null
                    && plan.version().name().equals(now.stable().name())) {
                problems.put("version", "Version " + plan.version().name() + " already runs; name the new one");
            }
            if (!problems.isEmpty()) {
                audit.record(
                        viewer.username(),
                        AuditAction.ROLLOUT_START,
                        factoryId,
                        Outcome.FAILURE,
                        String.join("; ", problems.values()));
                throw new RolloutRequestException(problems);
            }
            String stable = now.stable().name();
            try {
                fleet.deployCanary(factoryId, plan.version(), progress);
            } catch (RuntimeException e) {
                // the adapter leaves nothing half-deployed behind (and never touches a canary that was there)
                audit.record(viewer.username(), AuditAction.ROLLOUT_START, factoryId, Outcome.FAILURE, e.getMessage());
                throw e;
            }
            Rollout saved = tx.execute(
                    s -> rollouts.save(new Rollout(factoryId, stable, plan, viewer.username(), clock.instant())));
            String what = (plan.automatic()
                            ? "automatic, steps " + plan.steps() + " every "
                                    + plan.dwell().toSeconds() + " s"
                            : "manual")
                    + ": " + stable + " → " + plan.version().name();
            audit.record(viewer.username(), AuditAction.ROLLOUT_START, factoryId, Outcome.SUCCESS, what);
            alerts.notice("Canary rollout started", Severity.INFO, factoryId, factoryId + " " + what);
            steps.changed(factoryId);
            return saved.view();
        });
    }

    /** A manual rollout's split: {@code weight} percent to the canary. */
    public void weigh(Viewer viewer, String factoryId, int weight) {
        Viewer.signedIn(viewer);
        requireManager(viewer, AuditAction.ROLLOUT_WEIGHT, factoryId);
        steps.locked(factoryId, () -> {
            Rollout r = steps.activeOf(factoryId).orElse(null);
            Map<String, String> problems = new LinkedHashMap<>();
            if (weight < 0 || weight > 100) {
                problems.put("weight", "From 0 to 100 % to the new version (the stable one gets the rest)");
            }
            if (r == null) {
                problems.put("weight", "No rollout of " + factoryId + " is running");
            } else if (r.automatic() && r.state() == RolloutState.RUNNING) {
                problems.put("weight", "An automatic rollout sets the weights; roll it back or promote it");
            }
            if (!problems.isEmpty()) {
                audit.record(
                        viewer.username(),
                        AuditAction.ROLLOUT_WEIGHT,
                        factoryId,
                        Outcome.FAILURE,
                        String.join("; ", problems.values()));
                throw new RolloutRequestException(problems);
            }
            fleet.weigh(factoryId, weight);
            tx.executeWithoutResult(s -> {
                r.weight(weight, clock.instant());
                rollouts.save(r);
            });
            audit.record(
                    viewer.username(),
                    AuditAction.ROLLOUT_WEIGHT,
                    factoryId,
                    Outcome.SUCCESS,
                    (100 - weight) + " / " + weight + " %");
            alerts.notice(
                    "Canary weight set",
                    Severity.INFO,
                    factoryId,
                    factoryId + ": " + weight + " % to " + r.view().canaryVersion());
            steps.changed(factoryId);
            return null;
        });
    }

    public void promote(Viewer viewer, String factoryId, Progress progress) {
        Viewer.signedIn(viewer);
        requireManager(viewer, AuditAction.ROLLOUT_PROMOTE, factoryId);
        steps.locked(factoryId, () -> {
            Rollout r = requireActive(viewer, AuditAction.ROLLOUT_PROMOTE, factoryId);
            steps.promote(r, viewer.username(), "promoted by " + viewer.username(), progress);
            return null;
        });
    }

    public void rollBack(Viewer viewer, String factoryId, Progress progress) {
        Viewer.signedIn(viewer);
        requireManager(viewer, AuditAction.ROLLOUT_ROLLBACK, factoryId);
        steps.locked(factoryId, () -> {
            Rollout r = requireActive(viewer, AuditAction.ROLLOUT_ROLLBACK, factoryId);
            steps.end(
                    r,
                    RolloutState.ROLLED_BACK,
                    AuditAction.ROLLOUT_ROLLBACK,
                    viewer.username(),
                    "rolled back by " + viewer.username(),
                    Severity.WARNING,
                    progress);
            return null;
        });
    }

    // ---- the driver ----------------------------------------------------------------------------------------

    // ---- helpers -------------------------------------------------------------------------------------------

    private Rollout requireActive(Viewer viewer, AuditAction action, String factoryId) {
        return steps.activeOf(factoryId).orElseThrow(() -> {
            audit.record(viewer.username(), action, factoryId, Outcome.FAILURE, "no rollout running");
            return new RolloutRequestException(Map.of("factory", "No rollout of " + factoryId + " is running"));
        });
    }

    private void requireManager(Viewer viewer, AuditAction action, String factoryId) {
        if (!viewer.canManageFleet()) {
            throw audit.denied(viewer, action, factoryId);
        }
    }

    private boolean fleetHas(String factoryId) {
        return fleet.factories().stream().anyMatch(f -> f.id().equals(factoryId));
    }

    private FactoryRef requireFactory(String factoryId) {
        return fleet.factories().stream()
                .filter(f -> f.id().equals(factoryId))
                .findFirst()
                .orElseThrow(() -> new RolloutRequestException(Map.of("factory", "No factory " + factoryId)));
    }
}
