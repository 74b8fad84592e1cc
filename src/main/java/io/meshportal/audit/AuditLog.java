package io.meshportal.audit;

import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.base.Csv;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Viewer;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
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

    /** The newest entries in [from, to), at most {@code limit}; the office roles only. */
    @Transactional(readOnly = true)
    public List<AuditRecord> between(Viewer viewer, Instant from, Instant to, int limit) {
        requireReader(viewer);
        requireRange(from, to);
        return entries
                .findByAtGreaterThanEqualAndAtLessThanOrderByIdDesc(
                        from, to, PageRequest.of(0, Math.max(1, Math.min(limit, 1000))))
                .stream()
                .map(AuditEntry::record)
                .toList();
    }

    /** How many entries an export reads per query. */
    static final int EXPORT_PAGE = 500;

    /**
     * Every entry in [from, to) as CSV (RFC 4180), oldest first, read page by page (never all in memory). Each page
     * is its own short transaction, not one for the whole export: SQLite's transactions here are IMMEDIATE, so a
     * transaction held for the export would keep every writer out (sign-in records its audit entry) while it runs.
     */
    public void export(Viewer viewer, Instant from, Instant to, Writer out) {
        requireReader(viewer);
        requireRange(from, to);
        Csv csv = new Csv(out);
        csv.row("time (UTC)", "user", "action", "target", "outcome", "detail");
        long after = 0;
        List<AuditEntry> page;
        do {
            page = entries.findByAtGreaterThanEqualAndAtLessThanAndIdGreaterThanOrderByIdAsc(
                    from, to, after, PageRequest.of(0, EXPORT_PAGE));
            for (AuditEntry entry : page) {
                AuditRecord r = entry.record();
                csv.row(
                        r.at().toString(),
                        r.actor(),
                        r.action(),
                        r.target(),
                        r.outcome().name(),
                        r.detail());
            }
            if (!page.isEmpty()) {
                after = page.getLast().id();
            }
        } while (page.size() == EXPORT_PAGE);
        csv.flush();
    }

    private static void requireReader(Viewer viewer) {
        Viewer.signedIn(viewer);
        if (!viewer.seesAllFactories()) {
            throw new AccessDeniedException(viewer.username() + " may not read the audit log");
        }
    }

    private static void requireRange(Instant from, Instant to) {
        if (from == null || to == null || !to.isAfter(from)) {
            throw new io.meshportal.base.InvalidRequestException(
                    java.util.Map.of("to", "The end must be after the start"));
        }
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
