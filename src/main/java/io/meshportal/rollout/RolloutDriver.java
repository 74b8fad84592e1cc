package io.meshportal.rollout;

import io.meshportal.alerts.Severity;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.fleet.FactoryRef;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import io.meshportal.mesh.MeshSignalsService;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drives rollouts without a user: polls every watched or rolling-out factory's versions once a second, takes an
 * automatic rollout's steps and judges each at its end ({@link CanaryJudge}), and after a restart resumes or holds
 * what was running.
 */
@Component
class RolloutDriver {

    private static final Logger log = LoggerFactory.getLogger(RolloutDriver.class);
    private static final String SYSTEM = RolloutSteps.SYSTEM;

    private final RolloutSteps steps;
    private final Fleet fleet;
    private final RolloutRepository rollouts;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final MeshSignalsService signals;
    private final Clock clock;
    private final RolloutProperties properties;
    private final ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor();

    RolloutDriver(
            RolloutSteps steps,
            Fleet fleet,
            RolloutRepository rollouts,
            TransactionTemplate tx,
            AuditLog audit,
            MeshSignalsService signals,
            Clock clock,
            RolloutProperties properties) {
        this.steps = steps;
        this.fleet = fleet;
        this.rollouts = rollouts;
        this.tx = tx;
        this.audit = audit;
        this.signals = signals;
        this.clock = clock;
        this.properties = properties;
    }

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
                    steps.hold(
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
                steps.hold(r, "after a restart the factory's versions could not be read: " + e.getMessage());
            }
        }
        for (FactoryRef f : fleet.factories()) {
            try {
                Versions v = fleet.versions(f.id());
                if (v.canary() != null && steps.activeOf(f.id()).isEmpty()) {
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
        java.util.Set<String> factories = new java.util.TreeSet<>(steps.watched());
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
                ReentrantLock lock = steps.lock(r.factoryId());
                if (lock.tryLock()) { // a user's promote or roll-back in progress decides instead
                    try {
                        steps.activeOf(r.factoryId()).ifPresent(this::advance);
                    } catch (RuntimeException e) {
                        log.warn("Rollout of {} failed a step: {}", r.factoryId(), e.toString());
                        steps.hold(r, "a step failed: " + e.getMessage());
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
        factories.forEach(steps::changed);
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
        names.parallelStream().forEach(version -> steps.watch().poll(ref, version, now));
    }

    private void advance(Rollout r) {
        if (r.state() != RolloutState.RUNNING || !r.automatic()) {
            return;
        }
        Instant now = clock.instant();
        List<Integer> plan = r.steps();
        if (r.stepIndex() < 0) {
            steps.takeStep(r, 0);
            return;
        }
        if (now.isBefore(r.stepStartedAt().plus(r.dwell()))) {
            return;
        }
        RolloutView view = r.view();
        VersionFigures stable =
                steps.watch().figures(r.factoryId(), view.stableVersion(), r.stepStartedAt(), signals.latest(), false);
        VersionFigures canary =
                steps.watch().figures(r.factoryId(), view.canaryVersion(), r.stepStartedAt(), signals.latest(), false);
        CanaryJudge.Verdict verdict = CanaryJudge.judge(stable, canary, r.thresholds(), r.minSamples());
        switch (verdict.decision()) {
            case WAIT -> {
                if (now.isAfter(r.stepStartedAt().plus(r.dwell().multipliedBy(properties.waitFactor())))) {
                    steps.end(
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
                steps.end(
                        r,
                        RolloutState.ABORTED,
                        AuditAction.ROLLOUT_ABORT,
                        SYSTEM,
                        "aborted at " + view.canaryWeight() + " %: " + verdict.summary(),
                        Severity.CRITICAL,
                        Progress.NONE);
            case PASS -> {
                if (r.stepIndex() + 1 >= plan.size()) {
                    steps.promote(
                            r, SYSTEM, "promoted after " + plan.size() + " steps: " + verdict.summary(), Progress.NONE);
                } else {
                    steps.takeStep(r, r.stepIndex() + 1);
                }
            }
        }
    }

    @PreDestroy
    void stop() {
        polls.shutdownNow();
    }
}
