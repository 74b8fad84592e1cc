package io.meshportal.rollout;

import com.vaadin.flow.shared.Registration;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.Severity;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.base.Subscribers;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.mesh.MeshSignalsService;
import io.meshportal.security.Viewer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Canary rollouts of factory versions. Office roles start, weigh, promote and roll back; a factory's manager
 * watches their own factory's. One active rollout per factory owns its split; every step and decision is audited
 * and raised as a notice. Automatic rollouts are driven by {@link #tick()}, once a second.
 */
@Service
public class RolloutService {

    private static final Logger log = LoggerFactory.getLogger(RolloutService.class);
    private static final String SYSTEM = "system";

    private final Fleet fleet;
    private final RolloutRepository rollouts;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final AlertService alerts;
    private final MeshSignalsService signals;
    private final Clock clock;
    private final RolloutProperties properties;
    private final VersionWatch watch;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Subscribers<Viewer, String> subscribers = new Subscribers<>();
    private final ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor();
    /** Factory → open pages watching its versions. */
    private final Map<String, Integer> watched = new ConcurrentHashMap<>();

    RolloutService(
            Fleet fleet,
            RolloutRepository rollouts,
            TransactionTemplate tx,
            AuditLog audit,
            AlertService alerts,
            MeshSignalsService signals,
            Clock clock,
            RolloutProperties properties) {
        this.fleet = fleet;
        this.rollouts = rollouts;
        this.tx = tx;
        this.audit = audit;
        this.alerts = alerts;
        this.signals = signals;
        this.clock = clock;
        this.properties = properties;
        this.watch = new VersionWatch(properties.pollTimeout());
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    public Optional<RolloutView> active(Viewer viewer, String factoryId) {
        Viewer.signedIn(viewer);
        viewer.requireCanSee(factoryId);
        return activeOf(factoryId).map(Rollout::view);
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
        Instant since = activeOf(factoryId)
                .map(Rollout::stepStartedAt)
                .orElse(clock.instant().minusSeconds(60));
        List<VersionFigures> figures = new ArrayList<>();
        boolean one = versions.canary() == null;
        figures.add(watch.figures(factoryId, versions.stable().name(), since, signals.latest(), one));
        if (!one) {
            figures.add(watch.figures(factoryId, versions.canary().name(), since, signals.latest(), false));
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
        watched.merge(factoryId, 1, Integer::sum);
        Registration news = subscribers.add(viewer, changed -> {
            if (changed.equals(factoryId)) {
                listener.run();
            }
        });
        return () -> {
            news.remove();
            watched.computeIfPresent(factoryId, (id, n) -> n > 1 ? n - 1 : null);
        };
    }

    // ---- changes -------------------------------------------------------------------------------------------

    /** Deploys the new version beside the stable one (no requests yet) and starts the rollout. Blocks. */
    public RolloutView start(Viewer viewer, String factoryId, RolloutPlan plan, Progress progress) {
        Viewer.signedIn(viewer);
        requireManager(viewer, AuditAction.ROLLOUT_START, factoryId);
        return locked(factoryId, () -> {
            Map<String, String> problems = new LinkedHashMap<>(plan.problems());
            Versions now = null;
            if (fleetHas(factoryId)) {
                now = fleet.versions(factoryId);
            } else {
                problems.put("factory", "No factory " + factoryId);
            }
            if (activeOf(factoryId).isPresent()) {
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
            changed(factoryId);
            return saved.view();
        });
    }

    /** A manual rollout's split: {@code weight} percent to the canary. */
    public void weigh(Viewer viewer, String factoryId, int weight) {
        Viewer.signedIn(viewer);
        requireManager(viewer, AuditAction.ROLLOUT_WEIGHT, factoryId);
        locked(factoryId, () -> {
            Rollout r = activeOf(factoryId).orElse(null);
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
            changed(factoryId);
            return null;
        });
    }

    public void promote(Viewer viewer, String factoryId, Progress progress) {
        Viewer.signedIn(viewer);
        requireManager(viewer, AuditAction.ROLLOUT_PROMOTE, factoryId);
        locked(factoryId, () -> {
            Rollout r = requireActive(viewer, AuditAction.ROLLOUT_PROMOTE, factoryId);
            promote(r, viewer.username(), "promoted by " + viewer.username(), progress);
            return null;
        });
    }

    public void rollBack(Viewer viewer, String factoryId, Progress progress) {
        Viewer.signedIn(viewer);
        requireManager(viewer, AuditAction.ROLLOUT_ROLLBACK, factoryId);
        locked(factoryId, () -> {
            Rollout r = requireActive(viewer, AuditAction.ROLLOUT_ROLLBACK, factoryId);
            end(
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

    /**
     * After a restart: a rollout whose canary still runs resumes (an automatic one starts its step's dwell again,
     * its samples being gone); one whose canary is gone is held for a user to end; a canary that no rollout owns
     * gets a held rollout, so the split always has an owner on the page.
     */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        for (Rollout r : rollouts.findByStateIn(List.of(RolloutState.RUNNING, RolloutState.HELD))) {
            try {
                Versions v = fleet.versions(r.factoryId());
                String canary = r.view().canaryVersion();
                if (v.canary() == null || !v.canary().name().equals(canary)) {
                    hold(
                            r,
                            "after a restart, " + canary + " is not running beside "
                                    + v.stable().name() + ": promote or roll back to end the rollout");
                } else if (r.state() == RolloutState.RUNNING) {
                    tx.executeWithoutResult(s -> {
                        r.weight(v.canaryWeight(), clock.instant());
                        rollouts.save(r);
                    });
                    log.info("Resuming rollout of {} at {} % to {}", r.factoryId(), v.canaryWeight(), canary);
                }
            } catch (RuntimeException e) {
                hold(r, "after a restart the factory's versions could not be read: " + e.getMessage());
            }
        }
        for (FactoryRef f : fleet.factories()) {
            try {
                Versions v = fleet.versions(f.id());
                if (v.canary() != null && activeOf(f.id()).isEmpty()) {
                    Rollout owner = new Rollout(
                            f.id(),
                            v.stable().name(),
                            new RolloutPlan(
                                    new io.meshportal.fleet.NewVersion(
                                            v.canary().name(),
                                            null,
                                            v.canary().tuning(),
                                            v.canary().replicas()),
                                    false,
                                    List.of(),
                                    null,
                                    1,
                                    Thresholds.DEFAULTS),
                            SYSTEM,
                            clock.instant());
                    owner.weight(v.canaryWeight(), clock.instant());
                    owner.hold("canary " + v.canary().name() + " found running without a rollout");
                    tx.executeWithoutResult(s -> rollouts.save(owner));
                    audit.record(SYSTEM, AuditAction.ROLLOUT_HOLD, f.id(), Outcome.SUCCESS, "canary without owner");
                }
            } catch (RuntimeException e) {
                log.debug("Versions of {} not readable at start: {}", f.id(), e.toString());
            }
        }
    }

    /** Polls every version under rollout and drives automatic rollouts one step at a time. */
    @Scheduled(fixedDelay = 1000, initialDelay = 1000)
    void tick() {
        List<Rollout> active = rollouts.findByStateIn(List.of(RolloutState.RUNNING, RolloutState.HELD));
        Instant now = clock.instant();
        java.util.Set<String> factories = new java.util.TreeSet<>(watched.keySet());
        active.forEach(r -> factories.add(r.factoryId()));
        List<java.util.concurrent.Future<?>> rounds = new ArrayList<>();
        for (String factoryId : factories) {
            rounds.add(polls.submit(() -> pollVersions(factoryId, now)));
        }
        for (var round : rounds) {
            try {
                round.get();
            } catch (java.util.concurrent.ExecutionException e) {
                log.debug("Version poll failed: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Rollout r : active) {
            if (r.automatic() && r.state() == RolloutState.RUNNING) {
                ReentrantLock lock = lock(r.factoryId());
                if (lock.tryLock()) { // a user's promote or roll-back in progress decides instead
                    try {
                        activeOf(r.factoryId()).ifPresent(this::advance);
                    } catch (RuntimeException e) {
                        log.warn("Rollout of {} failed a step: {}", r.factoryId(), e.toString());
                        hold(r, "a step failed: " + e.getMessage());
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
        factories.forEach(this::changed);
    }

    private void pollVersions(String factoryId, Instant now) {
        FactoryRef ref = fleet.factories().stream()
                .filter(f -> f.id().equals(factoryId))
                .findFirst()
                .orElse(null);
        if (ref == null) {
            return;
        }
        Versions versions = fleet.versions(factoryId);
        List<String> names = versions.canary() == null
                ? List.of(versions.stable().name())
                : List.of(versions.stable().name(), versions.canary().name());
        names.parallelStream().forEach(version -> watch.poll(ref, version, now));
    }

    private void advance(Rollout r) {
        if (r.state() != RolloutState.RUNNING || !r.automatic()) {
            return;
        }
        Instant now = clock.instant();
        List<Integer> steps = r.steps();
        if (r.stepIndex() < 0) {
            takeStep(r, 0);
            return;
        }
        if (now.isBefore(r.stepStartedAt().plus(r.dwell()))) {
            return;
        }
        RolloutView view = r.view();
        VersionFigures stable =
                watch.figures(r.factoryId(), view.stableVersion(), r.stepStartedAt(), signals.latest(), false);
        VersionFigures canary =
                watch.figures(r.factoryId(), view.canaryVersion(), r.stepStartedAt(), signals.latest(), false);
        CanaryJudge.Verdict verdict = CanaryJudge.judge(stable, canary, r.thresholds(), r.minSamples());
        switch (verdict.decision()) {
            case WAIT -> {
                if (now.isAfter(r.stepStartedAt().plus(r.dwell().multipliedBy(properties.waitFactor())))) {
                    end(
                            r,
                            RolloutState.ABORTED,
                            AuditAction.ROLLOUT_ABORT,
                            SYSTEM,
                            "aborted at " + view.canaryWeight() + " %: too few samples (" + verdict.summary() + ")",
                            Severity.CRITICAL,
                            Progress.NONE);
                }
            }
            case FAIL ->
                end(
                        r,
                        RolloutState.ABORTED,
                        AuditAction.ROLLOUT_ABORT,
                        SYSTEM,
                        "aborted at " + view.canaryWeight() + " %: " + verdict.summary(),
                        Severity.CRITICAL,
                        Progress.NONE);
            case PASS -> {
                if (r.stepIndex() + 1 >= steps.size()) {
                    promote(
                            r,
                            SYSTEM,
                            "promoted after " + steps.size() + " steps: " + verdict.summary(),
                            Progress.NONE);
                } else {
                    takeStep(r, r.stepIndex() + 1);
                }
            }
        }
    }

    private void takeStep(Rollout r, int index) {
        int weight = r.steps().get(index);
        fleet.weigh(r.factoryId(), weight);
        tx.executeWithoutResult(s -> {
            r.step(index, weight, clock.instant());
            r.message("step " + (index + 1) + " of " + r.steps().size() + ": " + weight + " %");
            rollouts.save(r);
        });
        String detail = "step " + (index + 1) + " of " + r.steps().size() + ": " + (100 - weight) + " / " + weight
                + " % to " + r.view().canaryVersion();
        audit.record(SYSTEM, AuditAction.ROLLOUT_STEP, r.factoryId(), Outcome.SUCCESS, detail);
        alerts.notice("Canary rollout step", Severity.INFO, r.factoryId(), r.factoryId() + " " + detail);
    }

    private void promote(Rollout r, String actor, String why, Progress progress) {
        String canary = r.view().canaryVersion();
        try {
            fleet.promote(r.factoryId(), progress);
        } catch (RuntimeException e) {
            audit.record(actor, AuditAction.ROLLOUT_PROMOTE, r.factoryId(), Outcome.FAILURE, e.getMessage());
            hold(r, "promotion failed: " + e.getMessage());
            throw e;
        }
        tx.executeWithoutResult(s -> {
            r.finish(RolloutState.PROMOTED, why, clock.instant());
            rollouts.save(r);
        });
        watch.forget(r.factoryId());
        audit.record(actor, AuditAction.ROLLOUT_PROMOTE, r.factoryId(), Outcome.SUCCESS, canary + ": " + why);
        alerts.notice("Canary promoted", Severity.INFO, r.factoryId(), r.factoryId() + " " + canary + " " + why);
        changed(r.factoryId());
    }

    private void end(
            Rollout r,
            RolloutState state,
            AuditAction action,
            String actor,
            String why,
            Severity severity,
            Progress progress) {
        String canary = r.view().canaryVersion();
        fleet.removeCanary(r.factoryId(), progress);
        tx.executeWithoutResult(s -> {
            r.finish(state, why, clock.instant());
            rollouts.save(r);
        });
        watch.forget(r.factoryId());
        audit.record(actor, action, r.factoryId(), Outcome.SUCCESS, canary + ": " + why);
        alerts.notice(
                state == RolloutState.ABORTED ? "Canary rollout aborted" : "Canary rolled back",
                severity,
                r.factoryId(),
                r.factoryId() + " " + canary + " " + why);
        changed(r.factoryId());
    }

    private void hold(Rollout r, String why) {
        tx.executeWithoutResult(s -> {
            r.hold(why);
            rollouts.save(r);
        });
        audit.record(SYSTEM, AuditAction.ROLLOUT_HOLD, r.factoryId(), Outcome.SUCCESS, why);
        alerts.notice("Canary rollout held", Severity.WARNING, r.factoryId(), r.factoryId() + " " + why);
        changed(r.factoryId());
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Optional<Rollout> activeOf(String factoryId) {
        return rollouts.findByFactoryIdOrderByIdDesc(factoryId).stream()
                .filter(r -> r.state().active())
                .findFirst();
    }

    private Rollout requireActive(Viewer viewer, AuditAction action, String factoryId) {
        return activeOf(factoryId).orElseThrow(() -> {
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

    private ReentrantLock lock(String factoryId) {
        return locks.computeIfAbsent(factoryId, k -> new ReentrantLock());
    }

    private <T> T locked(String factoryId, java.util.function.Supplier<T> work) {
        ReentrantLock lock = lock(factoryId);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private void changed(String factoryId) {
        subscribers.publish(viewer -> viewer.canSee(factoryId) ? factoryId : null);
    }

    @PreDestroy
    void stop() {
        polls.shutdownNow();
        watch.close();
    }
}
