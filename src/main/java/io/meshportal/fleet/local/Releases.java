package io.meshportal.fleet.local;

import io.meshportal.factory.FactoryServer;
import io.meshportal.factory.FactorySpec;
import io.meshportal.fleet.Progress;
import io.meshportal.fleet.Versions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A factory's versions and their replicas, as its Deployments hold them: the stable version with its replicas and
 * at most one canary beside it with its own and its share of requests. Scaling, rolling restarts, a canary's deploy,
 * promotion and removal, and a dead replica's replacement change them here one at a time (this object's monitor),
 * a new replica up before an old one goes, so the factory never stops answering.
 */
final class Releases {

    private final ReplicaLifecycle pods;
    private final EventLog events;
    private volatile FactorySpec stable;
    /** The canary's spec; null without a canary. */
    private volatile FactorySpec canary;

    private volatile int canaryWeight;
    private final List<FactoryServer> stableReplicas = new CopyOnWriteArrayList<>();
    private final List<FactoryServer> canaryReplicas = new CopyOnWriteArrayList<>();

    Releases(FactorySpec stable, ReplicaLifecycle pods, EventLog events) {
        this.stable = stable;
        this.pods = pods;
        this.events = events;
    }

    FactorySpec stable() {
        return stable;
    }

    /** The canary's spec, or null without a canary. */
    FactorySpec canary() {
        return canary;
    }

    int canaryWeight() {
        return canaryWeight;
    }

    /** The stable version's replicas: a live, read-only view (iterating it reads a snapshot). */
    List<FactoryServer> stableReplicas() {
        return Collections.unmodifiableList(stableReplicas);
    }

    /** The canary's replicas: a live, read-only view (iterating it reads a snapshot). */
    List<FactoryServer> canaryReplicas() {
        return Collections.unmodifiableList(canaryReplicas);
    }

    /** Both versions' replicas, stable first. */
    List<FactoryServer> all() {
        List<FactoryServer> all = new ArrayList<>(stableReplicas);
        all.addAll(canaryReplicas);
        return all;
    }

    /** A replica's place in its version's pool; -1 when it is in neither (stopped meanwhile). */
    int indexOf(FactoryServer replica) {
        return Math.max(stableReplicas.indexOf(replica), canaryReplicas.indexOf(replica));
    }

    /** As a pod of its version's Deployment would be called. */
    String podName(FactoryServer replica, int index) {
        FactorySpec spec = stable;
        return replica.spec().version().equals(spec.version())
                ? spec.id() + "-" + index
                : spec.id() + "-" + replica.spec().version() + "-" + index;
    }

    Versions versions(Predicate<FactoryServer> ready) {
        FactorySpec next = canary;
        return new Versions(
                release(stable, stableReplicas, ready),
                next == null ? null : release(next, canaryReplicas, ready),
                next == null ? 0 : canaryWeight);
    }

    private static Versions.Release release(
            FactorySpec version, List<FactoryServer> pool, Predicate<FactoryServer> ready) {
        int readyCount = (int) pool.stream().filter(ready).count();
        return new Versions.Release(version.version(), null, version.tuning(), pool.size(), readyCount);
    }

    synchronized void scale(int count, Progress progress) {
        if (stableReplicas.size() != count) {
            events.normal(
                    "ScalingReplicaSet",
                    "Deployment/" + stable.id(),
                    "Scaled " + (count > stableReplicas.size() ? "up" : "down") + " from " + stableReplicas.size()
                            + " to " + count);
        }
        while (stableReplicas.size() < count) {
            progress.step("Starting replica " + (stableReplicas.size() + 1) + " of " + count);
            stableReplicas.add(pods.start(stable, 0));
        }
        while (stableReplicas.size() > count) {
            progress.step("Stopping replica " + stableReplicas.size());
            pods.retire(stableReplicas.removeLast());
        }
    }

    /** Rolling restart: a new replica is up before an old one goes, so the factory never stops answering. */
    synchronized void restart(Progress progress) {
        int count = stableReplicas.size();
        events.normal("Restarting", "Deployment/" + stable.id(), "Rolling restart of " + count + " replicas");
        for (int i = 0; i < count; i++) {
            progress.step("Replacing replica " + (i + 1) + " of " + count);
            replaceOldest(stable);
        }
    }

    /** Starts the canary's replicas; it gets requests only once weighed. */
    synchronized void deployCanary(FactorySpec next, int count, Progress progress) {
        if (canary != null) {
            throw new IllegalStateException(stable.id() + " already runs canary " + canary.version());
        }
        canaryWeight = 0;
        try {
            for (int i = 0; i < count; i++) {
                progress.step("Starting replica " + (i + 1) + " of " + count + " of " + next.version());
                canaryReplicas.add(pods.start(next, 0));
            }
        } catch (RuntimeException e) {
            retireCanaryReplicas(); // nothing half-deployed stays behind
            throw e;
        }
        canary = next;
    }

    void weigh(int weight) {
        if (weight < 0 || weight > 100 || (canary == null && weight != 0)) {
            throw new IllegalArgumentException("No canary to send " + weight + " % of requests to");
        }
        canaryWeight = weight;
    }

    /**
     * The canary becomes stable: every request goes to it, the stable replicas are replaced one by one by replicas
     * of the canary's version (the factory never stops answering), then the canary's own replicas go.
     */
    synchronized void promote(Progress progress) {
        FactorySpec next = canary;
        if (next == null) {
            throw new IllegalStateException(stable.id() + " has no canary to promote");
        }
        canaryWeight = 100;
        int count = stableReplicas.size();
        for (int i = 0; i < count; i++) {
            progress.step("Replacing replica " + (i + 1) + " of " + count + " with " + next.version());
            replaceOldest(next);
        }
        stable = next;
        canary = null;
        canaryWeight = 0;
        progress.step("Removing the canary's replicas");
        retireCanaryReplicas();
    }

    /** Every request back to stable, then the canary's replicas stopped. */
    synchronized void removeCanary(Progress progress) {
        if (canary == null) {
            return;
        }
        canaryWeight = 0;
        canary = null;
        progress.step("Stopping " + canaryReplicas.size() + " replica(s) of the canary");
        retireCanaryReplicas();
    }

    /** A dead replica started again in its slot (a new process), its restart count one higher. */
    synchronized void replaceDead(FactoryServer dead, int restarts) {
        List<FactoryServer> pool = stableReplicas.contains(dead) ? stableReplicas : canaryReplicas;
        int index = pool.indexOf(dead);
        if (index < 0) {
            return;
        }
        events.warning(
                "BackOff",
                ReplicaLifecycle.objectName(dead),
                "Restarting the replica (restart " + (restarts + 1) + ")");
        FactoryServer fresh = pods.start(dead.spec(), restarts + 1);
        pool.set(index, fresh);
        pods.retire(dead);
    }

    /** Every replica of both versions stopped. */
    synchronized void stopAll() {
        stableReplicas.forEach(pods::retire);
        stableReplicas.clear();
        retireCanaryReplicas();
    }

    /** The oldest stable replica replaced by a new one of the given version, the new one up first. */
    private void replaceOldest(FactorySpec version) {
        FactoryServer old = stableReplicas.getFirst();
        stableReplicas.add(pods.start(version, 0));
        stableReplicas.remove(old);
        pods.retire(old);
    }

    private void retireCanaryReplicas() {
        canaryReplicas.forEach(pods::retire);
        canaryReplicas.clear();
    }
}
