package io.meshportal.telemetry;

import com.vaadin.flow.shared.Registration;
import io.meshportal.security.Viewer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans one tick out to every subscriber. Each distinct scope (all factories, or one factory manager's factory) is
 * computed once per tick, and a subscriber only ever receives its own scope.
 *
 * <p>Every subscriber has its own mailbox, drained in order by one thread at a time: publishing never runs a
 * listener, so a slow one (a UI whose session is busy, alert evaluation writing to SQLite) delays only itself. A
 * mailbox holds at most {@link #BACKLOG} updates; past that the oldest is dropped.
 *
 * <p>The drains run on a few platform threads, not virtual ones: drawing screens is CPU work, and virtual threads
 * are never preempted, so fifty wall displays being drawn kept the carrier threads busy and the pollers' virtual
 * threads waited past their time limit — every factory turned DOWN and stayed so (found by the whole-portal
 * benchmark: 300 factories, 100 screens, 2 cores). Platform threads are time-sliced by the OS with the carriers.
 */
final class TelemetryBroadcaster {

    static final int BACKLOG = 30;
    private static final Logger log = LoggerFactory.getLogger(TelemetryBroadcaster.class);

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Executor executor;

    TelemetryBroadcaster() {
        this(screenThreads());
    }

    /** Two per core, at least four: screens are drawn in parallel, a subscriber blocked on SQLite holds one. */
    private static Executor screenThreads() {
        int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "screen-updates-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    TelemetryBroadcaster(Executor executor) {
        this.executor = executor;
    }

    Registration subscribe(Viewer viewer, Consumer<TelemetryUpdate> listener) {
        Subscription subscription = new Subscription(viewer, listener);
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    void publish(TelemetryUpdate update) {
        Map<String, TelemetryUpdate> byScope = new HashMap<>();
        for (Subscription s : subscriptions) {
            String scope = s.viewer.seesAllFactories() ? "*" : s.viewer.factoryId();
            s.offer(byScope.computeIfAbsent(scope, k -> update.scopedTo(s.viewer)));
        }
    }

    int subscriberCount() {
        return subscriptions.size();
    }

    private final class Subscription {

        final Viewer viewer;
        final Consumer<TelemetryUpdate> listener;
        private final ArrayDeque<TelemetryUpdate> mailbox = new ArrayDeque<>();
        private final AtomicBoolean draining = new AtomicBoolean();

        Subscription(Viewer viewer, Consumer<TelemetryUpdate> listener) {
            this.viewer = viewer;
            this.listener = listener;
        }

        void offer(TelemetryUpdate update) {
            synchronized (mailbox) {
                if (mailbox.size() == BACKLOG) {
                    mailbox.pollFirst();
                }
                mailbox.addLast(update);
            }
            if (draining.compareAndSet(false, true)) {
                executor.execute(this::drain);
            }
        }

        private void drain() {
            while (true) {
                TelemetryUpdate next;
                synchronized (mailbox) {
                    next = mailbox.pollFirst();
                    if (next == null) {
                        draining.set(false);
                        return; // an offer after this point starts a new drain
                    }
                }
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    // A listener that throws belongs to a UI that is gone (UIDetachedException) or broken: drop it,
                    // so a dead UI can never pin memory or slow the others.
                    subscriptions.remove(this);
                    synchronized (mailbox) {
                        mailbox.clear();
                        draining.set(false);
                    }
                    log.debug("Dropped telemetry subscriber of {}: {}", viewer.username(), e.toString());
                    return;
                }
            }
        }
    }
}
