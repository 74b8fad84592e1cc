package io.meshportal.audit;

import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.security.UserChanged;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Sign-ins (both outcomes) and user administration, into the audit log. */
@Component
class SecurityAuditListener {

    private final AuditLog audit;

    SecurityAuditListener(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        String user = event.getAuthentication().getName();
        audit.record(user, "login", user, Outcome.SUCCESS, null);
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String user = event.getAuthentication().getName();
        audit.record(limit(user), "login", limit(user), Outcome.FAILURE, event.getException().getClass().getSimpleName());
    }

    /**
     * After the user change's own transaction has ended: SQLite has one writer, so writing the audit entry from
     * inside that transaction would wait for itself.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
    void onUserChanged(UserChanged event) {
        audit.record(event.actor(), event.action(), event.username(),
                event.success() ? Outcome.SUCCESS : event.detail() != null && event.detail().startsWith("denied")
                        ? Outcome.DENIED : Outcome.FAILURE, event.detail());
    }

    /** A login name is user input: keep it within the column. */
    private static String limit(String text) {
        return text == null ? "" : text.length() > 64 ? text.substring(0, 63) + "…" : text;
    }
}
