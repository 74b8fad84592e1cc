package io.meshportal.rollout;

import com.vaadin.flow.shared.Registration;
import io.meshportal.alerts.AlertService;
import io.meshportal.alerts.Severity;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.base.Subscribers;
import io.meshportal.fleet.Fleet;
import io.meshportal.fleet.Progress;
import io.meshportal.security.Viewer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to a rollout, whoever decides it (a user or the automatic driver): a step taken, a promotion, an
 * end (rolled back or aborted), a hold. Each changes the fleet, keeps the state in SQLite, is audited and raised as
 * a notice, and tells the pages watching the factory. One lock per factory keeps decisions from crossing.
 */
@Component
class RolloutSteps {

    static final String SYSTEM = "system";

    private final Fleet fleet;
    private final RolloutRepository rollouts;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final AlertService alerts;
    private final Clock clock;
    private final VersionWatch watch;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Subscribers<Viewer, String> subscribers = new Subscribers<>();
    /** Factory → open pages watching its versions. */
    private final Map<String, Integer> watched = new ConcurrentHashMap<>();

    RolloutSteps(
            Fleet fleet,
            RolloutRepository rollouts,
            TransactionTemplate tx,
            AuditLog audit,
            AlertService alerts,
            Clock clock,
            RolloutProperties properties) {
        this.fleet = fleet;
        this.rollouts = rollouts;
        this.tx = tx;
        this.audit = audit;
        this.alerts = alerts;
        this.clock = clock;
        this.watch = new VersionWatch(properties.pollTimeout());
    }

    VersionWatch watch() {
        return watch;
    }

    /** The factories whose versions a page is watching. */
    java.util.Set<String> watched() {
        return java.util.Set.copyOf(watched.keySet());
    }

    /** A page watching one factory: its listener runs on every change and every polling round. */
    Registration watch(Viewer viewer, String factoryId, Runnable listener) {
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

    void takeStep(Rollout r, int index) {
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

    void promote(Rollout r, String actor, String why, Progress progress) {
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

    void end(
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

    void hold(Rollout r, String why) {
        tx.executeWithoutResult(s -> {
            r.hold(why);
            rollouts.save(r);
        });
        audit.record(SYSTEM, AuditAction.ROLLOUT_HOLD, r.factoryId(), Outcome.SUCCESS, why);
        alerts.notice("Canary rollout held", Severity.WARNING, r.factoryId(), r.factoryId() + " " + why);
        changed(r.factoryId());
    }

    Optional<Rollout> activeOf(String factoryId) {
        return rollouts.findByFactoryIdOrderByIdDesc(factoryId).stream()
                .filter(r -> r.state().active())
                .findFirst();
    }

    ReentrantLock lock(String factoryId) {
        return locks.computeIfAbsent(factoryId, k -> new ReentrantLock());
    }

    <T> T locked(String factoryId, java.util.function.Supplier<T> work) {
        ReentrantLock lock = lock(factoryId);
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void changed(String factoryId) {
        subscribers.publish(viewer -> viewer.canSee(factoryId) ? factoryId : null);
    }

    @PreDestroy
    void stop() {
        watch.close();
    }
}
