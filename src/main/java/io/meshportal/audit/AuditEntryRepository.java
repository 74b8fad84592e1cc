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

    /** Entries in [from, to), oldest first, read as they are consumed (an export never holds them all). */
    java.util.stream.Stream<AuditEntry> streamByAtGreaterThanEqualAndAtLessThanOrderByIdAsc(Instant from, Instant to);
}
