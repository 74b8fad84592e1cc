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
        audit.record(user, AuditAction.LOGIN, user, Outcome.SUCCESS, null);
    }

    @EventListener
    void onFailure(AbstractAuthenticationFailureEvent event) {
        String user = event.getAuthentication().getName();
        audit.record(
                limit(user),
                AuditAction.LOGIN,
                limit(user),
                Outcome.FAILURE,
                event.getException().getClass().getSimpleName());
    }

    /** A single sign-on that did not end signed in: who (when the claims got that far), why, from where. */
    @EventListener
    void onSingleSignOnFailed(io.meshportal.security.SingleSignOnFailed event) {
        String user = event.username() == null ? "single sign-on" : limit(event.username());
        audit.record(
                user,
                AuditAction.LOGIN,
                user,
                Outcome.FAILURE,
                "single sign-on: " + limit(event.reason()) + " from " + limit(event.client()));
    }

    /** Every throttle decision: who was tried, from where, and how long the client must still wait. */
    @EventListener
    void onThrottled(io.meshportal.security.LoginThrottled event) {
        audit.record(
                limit(event.username()),
                AuditAction.LOGIN_THROTTLED,
                limit(event.username()),
                Outcome.DENIED,
                "from " + limit(event.client()) + ", wait "
                        + Math.max(1, event.retryAfter().toSeconds()) + " s");
    }

    /**
     * After the user change's own transaction has ended: SQLite has one writer, so writing the audit entry from
     * inside that transaction would wait for itself.
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION, fallbackExecution = true)
    void onUserChanged(UserChanged event) {
        audit.record(event.actor(), action(event.action()), event.username(), outcome(event.result()), event.detail());
    }

    static AuditAction action(UserChanged.Action action) {
        return switch (action) {
            case CREATE -> AuditAction.USER_CREATE;
            case ENABLE -> AuditAction.USER_ENABLE;
            case DISABLE -> AuditAction.USER_DISABLE;
            case RESET_PASSWORD -> AuditAction.USER_RESET_PASSWORD;
            case CHANGE_PASSWORD -> AuditAction.USER_CHANGE_PASSWORD;
            case CHANGE_ACCESS -> AuditAction.USER_CHANGE_ACCESS;
            case DELETE -> AuditAction.USER_DELETE;
            case END_SESSION -> AuditAction.USER_END_SESSION;
            case REQUEST_ACCOUNT -> AuditAction.ACCOUNT_REQUEST;
            case APPROVE_ACCOUNT -> AuditAction.ACCOUNT_APPROVE;
            case REJECT_ACCOUNT -> AuditAction.ACCOUNT_REJECT;
            case CREATE_TOKEN -> AuditAction.TOKEN_CREATE;
            case REVOKE_TOKEN -> AuditAction.TOKEN_REVOKE;
        };
    }

    static Outcome outcome(UserChanged.Result result) {
        return switch (result) {
            case SUCCESS -> Outcome.SUCCESS;
            case FAILURE -> Outcome.FAILURE;
            case DENIED -> Outcome.DENIED;
        };
    }

    /** A login name is user input: keep it within the column. */
    private static String limit(String text) {
        return text == null ? "" : text.length() > 64 ? text.substring(0, 63) + "…" : text;
    }
}
