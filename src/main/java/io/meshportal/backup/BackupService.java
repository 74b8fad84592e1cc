package io.meshportal.backup;

import io.meshportal.audit.AuditAction;
import io.meshportal.audit.AuditLog;
import io.meshportal.audit.AuditRecord.Outcome;
import io.meshportal.base.DataProperties;
import io.meshportal.security.Viewer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/**
 * Consistent copies of the database while the portal runs. SQLite's {@code VACUUM INTO} writes a complete,
 * compacted database file from one read transaction: writers keep going (WAL), the copy holds exactly what was
 * committed when it started, and it opens on its own without -wal/-shm files. Restoring is replacing
 * {@code meshportal.db} with a copy while the portal is stopped (README, "Backup and restore").
 */
@Service
public class BackupService {

    static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /** A written backup: where it is and how large. */
    public record Backup(Path file, long bytes) {}

    private final DataSource dataSource;
    private final DataProperties data;
    private final AuditLog audit;
    private final Clock clock;

    BackupService(DataSource dataSource, DataProperties data, AuditLog audit, Clock clock) {
        this.dataSource = dataSource;
        this.data = data;
        this.audit = audit;
        this.clock = clock;
    }

    /** Administrators only. Writes {@code <data dir>/backups/meshportal-<UTC time>.db}. */
    public Backup backup(Viewer viewer) {
        Viewer.signedIn(viewer);
        if (!viewer.isAdmin()) {
            throw audit.denied(viewer, AuditAction.DATABASE_BACKUP, "meshportal.db");
        }
        Path file = data.dir()
                .resolve("backups")
                .resolve("meshportal-" + NAME.format(clock.instant()) + ".db")
                .toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                // the path is ours (data dir + timestamp), never user input; quotes are doubled all the same
                s.execute("VACUUM INTO '" + file.toString().replace("'", "''") + "'");
            }
            restrictToOwner(file); // password hashes are in it
            Backup backup = new Backup(file, Files.size(file));
            audit.record(
                    viewer.username(),
                    AuditAction.DATABASE_BACKUP,
                    file.getFileName().toString(),
                    Outcome.SUCCESS,
                    backup.bytes() + " bytes");
            return backup;
        } catch (SQLException | IOException e) {
            audit.record(
                    viewer.username(),
                    AuditAction.DATABASE_BACKUP,
                    file.getFileName().toString(),
                    Outcome.FAILURE,
                    e.getMessage());
            throw e instanceof IOException io
                    ? new UncheckedIOException(io)
                    : new IllegalStateException("Backup failed: " + e.getMessage(), e);
        }
    }

    /** Administrators only: the backups in the data directory, newest first. */
    public java.util.List<Backup> list(Viewer viewer) {
        Viewer.signedIn(viewer);
        viewer.requireAdmin();
        Path dir = data.dir().resolve("backups").toAbsolutePath();
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("meshportal-[0-9-]+\\.db"))
                    .sorted(java.util.Comparator.reverseOrder())
                    .map(f -> new Backup(f, f.toFile().length()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's own permissions apply
        }
    }
}
