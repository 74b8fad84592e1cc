package io.meshportal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshportal.security.Role;
import io.meshportal.security.Viewer;
import io.meshportal.support.TempDataDir;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The audit export against the real database: complete, in order, and never keeping writers out while it writes. */
@SpringBootTest
class AuditExportTest extends TempDataDir {

    static final Viewer OFFICE = new Viewer("audit-export-office", Role.OFFICE_MANAGER, null);

    @Autowired
    AuditLog audit;

    @Test
    void everyEntryOfTheRangeIsExportedOnceOldestFirstAcrossPages() {
        Instant from = Instant.now().minusMillis(1);
        int count = AuditLog.EXPORT_PAGE * 2 + 7;
        for (int i = 0; i < count; i++) {
            audit.record("export-pages", AuditAction.LOGIN, "entry-" + i, AuditRecord.Outcome.SUCCESS, null);
        }
        StringWriter out = new StringWriter();
        audit.export(OFFICE, from, Instant.now().plusSeconds(1), out);
        var lines =
                out.toString().lines().filter(l -> l.contains(",export-pages,")).toList();
        assertThat(lines).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(lines.get(i)).contains(",entry-" + i + ",");
        }
    }

    /**
     * SQLite's transactions are IMMEDIATE here (they take the write lock when they begin): an export read in one
     * transaction kept sign-in (which records its audit entry) and every other writer waiting while it was written.
     */
    @Test
    void aWriterIsNotKeptWaitingWhileAnExportIsBeingWritten() throws Exception {
        Instant from = Instant.now().minusMillis(1);
        audit.record("export-lock", AuditAction.LOGIN, "before", AuditRecord.Outcome.SUCCESS, null);
        Stalling out = new Stalling();
        // threads of their own (the common pool may have a single thread on a two-core machine)
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<?> export =
                threads.submit(() -> audit.export(OFFICE, from, Instant.now().plusSeconds(60), out));
        try {
            assertThat(out.inRows.await(30, TimeUnit.SECONDS))
                    .as("the export reached its rows")
                    .isTrue();
            long start = System.nanoTime();
            Future<?> write = threads.submit(
                    () -> audit.record("export-lock", AuditAction.LOGIN, "during", AuditRecord.Outcome.SUCCESS, null));
            write.get(30, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .as("ms a write waited while an export was being written")
                    .isLessThan(2_000);
        } finally {
            out.release.countDown();
            export.get(30, TimeUnit.SECONDS);
            threads.shutdown();
        }
        assertThat(out.text).contains(",before,");
    }

    /** A client that stops reading after the header line, until released. */
    static final class Stalling extends Writer {
        final CountDownLatch inRows = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final StringBuilder text = new StringBuilder();

        @Override
        public void write(char[] chars, int off, int len) {
            if (text.indexOf("\r\n") >= 0 && inRows.getCount() > 0) {
                inRows.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            text.append(chars, off, len);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
