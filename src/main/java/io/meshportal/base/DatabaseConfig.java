package io.meshportal.base;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SQLite data source. The directory is created first (SQLite cannot create it: SQLITE_CANTOPEN), and the URL
 * carries WAL + busy timeout + IMMEDIATE transactions, without which concurrent read-then-write transactions
 * fail with SQLITE_BUSY (docs/VERSIONS.md, "SQLite"). The database holds password hashes, so the directory and the
 * files are its owner's only, from the first start and on an existing install: SQLite creates its -wal and -shm
 * files with the database file's permissions, so an owner-only database file keeps them owner-only too.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    @Bean
    DataSource dataSource(DataProperties properties) {
        ownerOnly(properties);
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(properties.jdbcUrl());
        ds.setPoolName("sqlite");
        ds.setMaximumPoolSize(4);
        return ds;
    }

    static void ownerOnly(DataProperties properties) {
        Path dir = properties.dir();
        Path db = properties.database();
        try {
            Files.createDirectories(dir);
            if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                return; // Windows: the folder's own ACL applies
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            if (!Files.exists(db)) {
                Files.createFile(
                        db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            for (Path file : List.of(db, sibling(db, "-wal"), sibling(db, "-shm"))) {
                if (Files.exists(file)) {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare data directory " + dir.toAbsolutePath(), e);
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
