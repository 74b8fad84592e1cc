package io.meshportal.api;

import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord;
import io.meshportal.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log for the office roles, as on the audit page: newest first between two instants. */
@RestController
@Tag(name = "audit")
class AuditApi {

    private final AuditLog audit;
    private final CurrentUser currentUser;

    AuditApi(AuditLog audit, CurrentUser currentUser) {
        this.audit = audit;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/v1/audit")
    @Operation(summary = "Audit entries in [from, to) (ISO-8601; default the last 24 hours), newest first")
    List<AuditRecord> entries(
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "200") int limit) {
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(1)) : from;
        return audit.between(currentUser.require(), start, end, limit);
    }
}
