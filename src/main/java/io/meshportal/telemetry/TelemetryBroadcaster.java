package io.meshportal.telemetry;

import com.vaadin.flow.shared.Registration;
import io.meshportal.security.Viewer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans one tick out to every subscribed UI. Each distinct scope (all factories, or one factory manager's
 * factory) is computed once per tick, and a subscriber only ever receives its own scope.
 */
final class TelemetryBroadcaster {

    private static final Logger log = LoggerFactory.getLogger(TelemetryBroadcaster.class);

    private record Subscription(Viewer viewer, Consumer<TelemetryUpdate> listener) {
    }

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    Registration subscribe(Viewer viewer, Consumer<TelemetryUpdate> listener) {
        Subscription subscription = new Subscription(viewer, listener);
        subscriptions.add(subscription);
        return () -> subscriptions.remove(subscription);
    }

    void publish(TelemetryUpdate update) {
        Map<String, TelemetryUpdate> byScope = new HashMap<>();
        for (Subscription s : subscriptions) {
            String scope = s.viewer().seesAllFactories() ? "*" : s.viewer().factoryId();
            TelemetryUpdate scoped = byScope.computeIfAbsent(scope, k -> update.scopedTo(s.viewer()));
            try {
                s.listener().accept(scoped);
            } catch (RuntimeException e) {
                // A listener that throws belongs to a UI that is gone (UIDetachedException) or broken: drop it,
                // so a dead UI can never pin memory or slow the others.
                subscriptions.remove(s);
                log.debug("Dropped telemetry subscriber of {}: {}", s.viewer().username(), e.toString());
            }
        }
    }

    int subscriberCount() {
        return subscriptions.size();
    }
}
