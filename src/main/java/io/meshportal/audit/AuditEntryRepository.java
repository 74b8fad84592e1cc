package io.meshportal.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

/** Deliberately a plain Repository: save and read only, nothing that could edit or delete history. */
interface AuditEntryRepository extends Repository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);

    List<AuditEntry> findAllByOrderByIdDesc(Pageable page);

    long count();

    /** Entries in [from, to), newest first. */
    List<AuditEntry> findByAtGreaterThanEqualAndAtLessThanOrderByIdDesc(Instant from, Instant to, Pageable page);

    /** A page of the entries in [from, to) after the entry {@code afterId}, oldest first (an export's next page). */
    List<AuditEntry> findByAtGreaterThanEqualAndAtLessThanAndIdGreaterThanOrderByIdAsc(
            Instant from, Instant to, long afterId, Pageable page);
}
