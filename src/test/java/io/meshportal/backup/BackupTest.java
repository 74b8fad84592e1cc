package io.meshportal.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshportal.PortalApplication;
import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.security.AccessDeniedException;
import io.meshportal.security.Role;
import io.meshportal.security.UserService;
import io.meshportal.security.UserSummary;
import io.meshportal.security.Viewer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Backup while the portal runs and writes, then restore as the README describes it: the copy is a complete
 * database on its own, holds everything committed before it started, and a portal started on it has it all.
 */
class BackupTest {

    static final Viewer ADMIN = new Viewer("backup-admin", Role.ADMIN, null);

    @Test
    void aBackupTakenDuringWritesRestoresIntoAWorkingPortal(@TempDir Path dir) throws Exception {
        Path backupFile;
        int committedBefore;
        try (var portal = start(dir.resolve("live"))) {
            UserService users = portal.getBean(UserService.class);
            AuditLog audit = portal.getBean(AuditLog.class);
            BackupService backups = portal.getBean(BackupService.class);
            users.create(ADMIN, "before-backup", Role.OFFICE_MANAGER, null);
            assertThatThrownBy(() -> backups.backup(new Viewer("office", Role.OFFICE_MANAGER, null)))
                    .isInstanceOf(AccessDeniedException.class);

            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(CompletableFuture.runAsync(() -> {
                    while (writing.get()) {
                        audit.record(
                                "writer",
                                AuditAction.DATABASE_BACKUP,
                                "row-" + written.incrementAndGet(),
                                Outcome.SUCCESS,
                                null);
                    }
                }));
            }
            Thread.sleep(300);
            committedBefore = written.get() - 4; // rows whose record() had returned before the backup began
            BackupService.Backup backup = backups.backup(ADMIN);
            writing.set(false);
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();
            backupFile = backup.file();
            System.out.printf(
                    "backup of %d KiB while 4 threads wrote %d audit rows%n", backup.bytes() / 1024, written.get());
            assertThat(backupFile.getParent())
                    .isEqualTo(dir.resolve("live").resolve("backups").toAbsolutePath());
            assertThat(Files.exists(Path.of(backupFile + "-wal"))).isFalse();
            assertThat(Files.getPosixFilePermissions(backupFile))
                    .containsExactlyInAnyOrder(
                            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + backupFile);
                Statement s = db.createStatement()) {
            try (ResultSet check = s.executeQuery("pragma integrity_check")) {
                check.next();
                assertThat(check.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rows = s.executeQuery("select count(*) from audit_entry where target like 'row-%'")) {
                rows.next();
                assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(committedBefore);
            }
        }

        // restore: the portal is stopped; the copy becomes meshportal.db of a data directory; the portal starts
        Path restored = dir.resolve("restored");
        Files.createDirectories(restored);
        Files.copy(backupFile, restored.resolve("meshportal.db"));
        try (var portal = start(restored)) {
            List<String> names = portal.getBean(UserService.class).list(ADMIN).stream()
                    .map(UserSummary::username)
                    .toList();
            assertThat(names).contains("before-backup");
            assertThat(portal.getBean(AuditLog.class).recent(ADMIN, 1000))
                    .anyMatch(r -> r.target() != null && r.target().startsWith("row-"));
        }
    }

    private static org.springframework.context.ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(PortalApplication.class)
                .run(
                        "--server.port=0",
                        "--meshportal.data.dir=" + data,
                        "--meshportal.security.demo-accounts=false",
                        "--meshportal.fleet.local.factories[0].id=bk-1",
                        "--meshportal.fleet.local.factories[0].name=Bk",
                        "--meshportal.fleet.local.factories[0].country=DE");
    }
}
