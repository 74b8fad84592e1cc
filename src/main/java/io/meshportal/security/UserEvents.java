package io.meshportal.security;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * How user administration reports itself: every change, refusal and denial becomes a {@link UserChanged} (for
 * the audit log, which sits above security), and administrator-only actions are checked here the same way.
 */
@Component
class UserEvents {

    private final ApplicationEventPublisher events;

    UserEvents(ApplicationEventPublisher events) {
        this.events = events;
    }

    void changed(Viewer actor, UserChanged.Action action, String target, boolean success, String detail) {
        events.publishEvent(new UserChanged(
                actor.username(),
                action,
                target,
                success ? UserChanged.Result.SUCCESS : UserChanged.Result.FAILURE,
                detail));
    }

    /** Denies (and reports) anybody but an administrator. */
    void requireAdmin(Viewer actor, UserChanged.Action action, String target) {
        if (!actor.isAdmin()) {
            events.publishEvent(new UserChanged(
                    actor.username(),
                    action,
                    target,
                    UserChanged.Result.DENIED,
                    actor.role().name()));
            throw new AccessDeniedException(actor.username() + " is not an administrator");
        }
    }
}
