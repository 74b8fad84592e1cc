package io.meshportal.fleet.local;

import io.meshportal.fleet.FactoryEvent;
import io.meshportal.fleet.Fleet;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One embedded factory's events, as a cluster keeps a Deployment's: bounded (the newest {@link Fleet#MAX_EVENTS}),
 * and a repeat of the newest one (same reason, object and message) counted instead of added, as Kubernetes folds
 * repeated events.
 */
final class EventLog {

    private final Deque<FactoryEvent> events = new ArrayDeque<>();
    private final Clock clock;

    EventLog(Clock clock) {
        this.clock = clock;
    }

    synchronized void normal(String reason, String object, String message) {
        add(FactoryEvent.Type.NORMAL, reason, object, message);
    }

    synchronized void warning(String reason, String object, String message) {
        add(FactoryEvent.Type.WARNING, reason, object, message);
    }

    private void add(FactoryEvent.Type type, String reason, String object, String message) {
        FactoryEvent last = events.peekFirst();
        if (last != null
                && last.type() == type
                && last.reason().equals(reason)
                && last.object().equals(object)
                && last.message().equals(message)) {
            events.pollFirst();
            events.addFirst(new FactoryEvent(clock.instant(), type, reason, object, message, last.count() + 1));
            return;
        }
        events.addFirst(new FactoryEvent(clock.instant(), type, reason, object, message, 1));
        while (events.size() > Fleet.MAX_EVENTS) {
            events.pollLast();
        }
    }

    /** Newest first. */
    synchronized List<FactoryEvent> list() {
        return new ArrayList<>(events);
    }
}
