package io.meshportal.audit;

import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Viewer;
import java.time.Clock;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The append-only record of every change. Reading it is for administrators and office managers. */
@Service
public class AuditLog {

    private final AuditEntryRepository entries;
    private final Clock clock;

    AuditLog(AuditEntryRepository entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
    }

    /** Written in its own transaction, so a failed change is still recorded as failed. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(String actor, AuditAction action, String target, Outcome outcome, String detail) {
        entries.save(new AuditEntry(clock.instant(), actor, action.key(), target, outcome.name(), detail));
    }

    /**
     * The one way a service refuses a caller: the refusal is recorded (with the caller's role) and the exception
     * to throw is returned, so call sites read {@code throw audit.denied(viewer, action, target)}.
     */
    public AccessDeniedException denied(Viewer viewer, AuditAction action, String target) {
        Viewer.signedIn(viewer);
        record(viewer.username(), action, target, Outcome.DENIED, viewer.role().name());
        return new AccessDeniedException(viewer.username() + " may not " + action.key() + " " + target);
    }

    @Transactional(readOnly = true)
    public List<AuditRecord> recent(Viewer viewer, int limit) {
        Viewer.signedIn(viewer);
        if (!viewer.seesAllFactories()) {
            throw new AccessDeniedException(viewer.username() + " may not read the audit log");
        }
        return entries.findAllByOrderByIdDesc(PageRequest.of(0, Math.max(1, Math.min(limit, 1000)))).stream()
                .map(AuditEntry::record)
                .toList();
    }
}
